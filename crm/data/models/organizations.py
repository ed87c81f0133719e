"""Organizations: NGOs, networks, governments, ministries, wire services, venues."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.data.models.base import Base, Versioned, enum_type
from crm.data.models.reference import Tag, organization_tags
from crm.domain.enums import OrganizationKind

if TYPE_CHECKING:
    from crm.data.models.contacts import Affiliation


# The shapes the database insists on; the services check the full rules (email-validator,
# phonenumbers) and these catch whatever reaches the tables another way.
EMAIL_SHAPE = "{column} LIKE '%_@_%' AND {column} NOT LIKE '% %'"
E164_SHAPE = "{column} LIKE '+%' AND length({column}) BETWEEN 8 AND 16"


class Organization(Versioned, Base):
    """A body people belong to, that hosts events, makes commitments or publishes documents."""

    __tablename__ = "organizations"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        CheckConstraint(
            "email IS NULL OR (" + EMAIL_SHAPE.format(column="email") + ")", name="email_form"
        ),
        CheckConstraint(
            "phone_e164 IS NULL OR (" + E164_SHAPE.format(column="phone_e164") + ")",
            name="phone_e164_form",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    acronym: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[OrganizationKind] = mapped_column(
        enum_type(OrganizationKind, "organization_kind"), default=OrganizationKind.OTHER
    )
    country: Mapped[str | None] = mapped_column(
        String(2), ForeignKey("countries.code", ondelete="RESTRICT"), index=True
    )
    website: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(64))
    phone_e164: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text, default="")

    parent: Mapped[Organization | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Organization]] = relationship(back_populates="parent")
    tags: Mapped[list[Tag]] = relationship(secondary=organization_tags, order_by=Tag.name)
    affiliations: Mapped[list[Affiliation]] = relationship(
        back_populates="organization", cascade="all, delete", passive_deletes=True
    )


Index("ix_organizations_name", Organization.name)
