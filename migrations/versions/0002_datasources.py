"""datasources: habilitations and cache of fetched values

Reviewed by hand: two tenant-scoped tables. ``habilitations`` keeps secrets only Fernet-encrypted
(``secrets_encrypted``); ``datasource_cache`` keeps keyed digests of the inputs and encrypted
payloads, unique per (collectivité, source, key).

Revision ID: 0002_datasources
Revises: 0001_foundation
Create Date: 2026-11-27 13:31:45.595137

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0002_datasources"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "datasource_cache",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(length=100), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_datasource_cache_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_datasource_cache")),
        sa.UniqueConstraint(
            "tenant_id",
            "source_id",
            "key",
            name=op.f("uq_datasource_cache_tenant_id_source_id_key"),
        ),
    )
    with op.batch_alter_table("datasource_cache", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_datasource_cache_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_datasource_cache_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "habilitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=60), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "active",
                "suspended",
                "revoked",
                name="habilitation_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("recipient_siret", sa.String(length=14), nullable=False),
        sa.Column("datapass_reference", sa.String(length=100), nullable=False),
        sa.Column("project_name", sa.String(length=200), nullable=False),
        sa.Column("project_description", sa.Text(), nullable=False),
        sa.Column("legal_basis_text", sa.Text(), nullable=False),
        sa.Column("legal_basis_reference", sa.String(length=300), nullable=False),
        sa.Column("controller_name", sa.String(length=200), nullable=False),
        sa.Column("controller_email", sa.String(length=254), nullable=False),
        sa.Column("technical_contact_name", sa.String(length=200), nullable=False),
        sa.Column("technical_contact_email", sa.String(length=254), nullable=False),
        sa.Column("dpo_name", sa.String(length=200), nullable=False),
        sa.Column("dpo_email", sa.String(length=254), nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column("secrets_encrypted", sa.Text(), nullable=False),
        sa.Column("secret_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("scopes_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("last_check_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_check_ok", sa.Boolean(), nullable=True),
        sa.Column("last_check_message", sa.String(length=500), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_habilitations_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_habilitations")),
    )
    with op.batch_alter_table("habilitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_habilitations_provider"), ["provider"], unique=False)
        batch_op.create_index(batch_op.f("ix_habilitations_tenant_id"), ["tenant_id"], unique=False)


def downgrade():
    with op.batch_alter_table("habilitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_habilitations_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_habilitations_provider"))

    op.drop_table("habilitations")
    with op.batch_alter_table("datasource_cache", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_datasource_cache_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_datasource_cache_expires_at"))

    op.drop_table("datasource_cache")
