"""``dossier_changed`` is sent by every dossier service inside its transaction, after the
dossier row is saved: ``before`` is ``stat_snapshot(dossier)`` taken before the change (None
for a new dossier), ``after`` the snapshot after it. The statistics app keeps its rollups from
it, so statistics stay exact without the dossiers app knowing about them. ``writes`` (a
``core.rows.Writes``) takes the statements a receiver writes and nobody reads back before the
commit: the service sends them with its own history and audit rows, in one round trip on
PostgreSQL. A receiver that reads what it wrote executes it itself.

``dossiers_bulk_loaded`` is sent after rows were written in bulk, bypassing the services (the
demo and benchmark generators, imports): listeners rebuild what they derive from dossiers
(the statistics app registers the rollup rebuild)."""

from django.dispatch import Signal

dossier_changed = Signal()
dossiers_bulk_loaded = Signal()


def stat_snapshot(dossier) -> dict:
    """The fields statistics depend on."""
    return {
        "agency_id": dossier.agency_id,
        "procedure_id": dossier.procedure_id,
        "channel": dossier.channel,
        "level": dossier.level,
        "received_date": dossier.received_date,
        "due_date": dossier.due_date,
        "finished_date": dossier.finished_date,
        "timeliness": dossier.timeliness,
        "status": dossier.status,
        # Apology coverage counts only apologies sent before their deadline (DOMAIN 7): a
        # late apology is kept on the dossier but does not meet the duty.
        "apologized": dossier.apologized_at is not None and not dossier.apology_late,
        "supplement_count": dossier.supplement_count,
        "desk_supplement_count": dossier.desk_supplement_count,
    }
