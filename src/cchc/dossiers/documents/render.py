"""A filled form written as DOCX in the official format (cchc.core.officialdoc)."""

from __future__ import annotations

from cchc.core.officialdoc import OfficialDocument, Signature

from .forms import Form
from .qr import qr_png


def form_docx(form: Form) -> bytes:
    doc = OfficialDocument(
        parent_agency=form.parent,
        agency=form.issuer,
        place=form.place,
        date=form.day,
        kind=form.title,
        summary=form.summary,
        page_numbers=form.no == "06",
        paper=form.paper,
        body_size=10 if form.paper == "A5" else 14,
    )
    for index, copy_label in enumerate(form.copies):
        if index:
            doc.repeat_first_page()
        _body(doc, form, copy_label)
    return doc.to_bytes()


def _body(doc: OfficialDocument, form: Form, copy_label: str) -> None:
    if copy_label:
        doc.paragraph(f"({copy_label})", italic=True, align="center", indent=False)
    if form.intro:
        doc.paragraph(form.intro, indent=False)
    for line in form.lines:
        doc.paragraph([(f"{line.label}: ", ""), (line.value, "b")], indent=False)
    if form.items_title:
        doc.paragraph(form.items_title, indent=False)
        for n, item in enumerate(form.items, start=1):
            doc.paragraph(f"{n}) {item}" if len(form.items) > 1 else f"- {item}", indent=True)
    for line in form.after:
        doc.paragraph([(f"{line.label}: ", ""), (line.value, "b")], indent=False)
    for text in form.paragraphs:
        doc.paragraph(text)
    if form.table_header:
        doc.table(
            form.table_rows,
            header=form.table_header,
            widths=[10, 38, 26, 22, 22, 22, 25],
            size=11,
            align=["center", "left", "left", "left", "left", "center", "left"],
        )
    notes = list(form.notes)
    if form.qr_url:
        caption = notes.pop(0) if notes else form.qr_url
        doc.picture(qr_png(form.qr_url), 28 if form.paper == "A4" else 18, caption=caption)
    for note in notes:
        doc.paragraph(note, italic=True, indent=False, size=doc.body_size - 2)
    blocks = [
        Signature(title=s.title.upper(), authority=s.authority, note=s.note, name=s.name)
        for s in form.signers
    ]
    if form.recipients and len(blocks) == 1:
        b = blocks[0]
        doc.signature(title=b.title, authority=b.authority, note=b.note, name=b.name)
        doc.recipients(form.recipients)
    elif blocks:
        if len(blocks) == 1:
            blocks.insert(0, Signature(title=""))
        doc.signatures(*blocks)
