"""Reference tables: countries and tags."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from crm.data.models.base import Base


class Country(Base):
    """An ISO 3166-1 country; other tables refer to it so the database refuses unknown codes."""

    __tablename__ = "countries"
    __table_args__ = (CheckConstraint("length(code) = 2 AND code = upper(code)", name="code_form"),)

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class Tag(Base):
    """A free label that contacts, organizations and events can carry."""

    __tablename__ = "tags"
    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)


def tag_link_table(owner_table: str) -> Table:
    """Build the association table that tags rows of ``owner_table``."""
    owner_key = f"{owner_table[:-1]}_id"
    return Table(
        f"{owner_table[:-1]}_tags",
        Base.metadata,
        Column(
            owner_key,
            ForeignKey(f"{owner_table}.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
    )


contact_tags = tag_link_table("contacts")
organization_tags = tag_link_table("organizations")
event_tags = tag_link_table("events")
