"""The declarative base, the naming convention and the column helpers every model uses."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import DateTime, Dialect, Enum, MetaData, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

# Predictable constraint names let migrations refer to them and let errors from the database be
# turned into messages (see crm.data.integrity).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back time-zone aware, on SQLite too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes and store everything in UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be time-zone aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Attach UTC to what SQLite hands back naive."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_now() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


def enum_type(enum_class: type[StrEnum], name: str) -> Enum:
    """Store an enumeration as its text value, checked by the database."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    """The one declarative base of Convene's schema."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class Timestamped:
    """Creation and modification times."""

    created_at: Mapped[datetime] = mapped_column(default=utc_now, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        default=utc_now, onupdate=utc_now, server_default=func.now()
    )


class Versioned(Timestamped):
    """A row with optimistic locking: every UPDATE checks and bumps ``version``.

    SQLAlchemy adds ``WHERE version = :seen`` to each UPDATE and raises StaleDataError for a row
    someone else changed in between; the services turn that into a ConflictError.
    ``external_id`` is a stable key from outside (seed data, an imported vCard's UID).
    """

    version: Mapped[int] = mapped_column(server_default="1")
    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    # Columns of the table that the database alone writes (by triggers): left out of the
    # mapping, so that no save, history entry or snapshot of the ORM ever sees them.
    kept_by_database: ClassVar[tuple[str, ...]] = ()

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        """Make ``version`` the optimistic-locking counter."""
        return {
            "version_id_col": cls.__table__.c.version,  # type: ignore[attr-defined]
            "exclude_properties": cls.kept_by_database,
        }
