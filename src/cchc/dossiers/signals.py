"""``dossier_changed`` is sent by every dossier service inside its transaction, after the
dossier row is saved: ``before`` is ``stat_snapshot(dossier)`` taken before the change (None
for a new dossier), ``after`` the snapshot after it. The statistics app keeps its rollups from
it, so statistics stay exact without the dossiers app knowing about them.

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
        "apologized": dossier.apologized_at is not None,
        "supplement_count": dossier.supplement_count,
    }
