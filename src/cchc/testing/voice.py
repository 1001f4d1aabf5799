"""Helpers shared by the citizen-voice apps' tests (feedback, evaluations, surveys)."""

from __future__ import annotations

from cchc.dossiers import services as ds


def returned_dossier(province, procedure, *, name="Lê Thị Mai", phone="0912 000 111", email=""):
    """A dossier received at the centre, resolved by Justice's officer and returned."""
    p = province
    d = ds.dossier_receive(
        actor=p.motcua,
        procedure=procedure,
        applicant=ds.Applicant(name=name, phone=phone, address="1 Hòa Bình", email=email),
    )
    d = ds.dossier_transfer(actor=p.motcua, dossier=d, to_user=p.xuly)
    d = ds.dossier_result_ready(actor=p.xuly, dossier=d, result="Phiếu số 1")
    return ds.dossier_return(actor=p.motcua, dossier=d)


def text_of(content: bytes | str, selector: str) -> str:
    """The text of the one element ``selector`` finds in a page (the test fails if none)."""
    from bs4 import BeautifulSoup

    found = BeautifulSoup(content, "html.parser").select_one(selector)
    assert found is not None, f"{selector} not in the page"
    return found.text


def seed_reference_data() -> None:
    """Put back the rows the voice apps' migrations seed (feedback limits, the nine rating
    indicators, the bands): a transactional test before this one flushed every table."""
    from importlib import import_module

    from django.apps import apps

    for module in (
        "cchc.feedback.migrations.0002_national_limits",
        "cchc.evaluations.migrations.0002_indicators_and_bands",
    ):
        import_module(module).seed(apps, None)
