"""The question bank import: preview, line-numbered Vietnamese errors, all or nothing."""

from __future__ import annotations

import io

import pytest

from cchc.core.errors import DomainError, Forbidden
from cchc.staff import questionbank, services
from cchc.staff.models import Question, QuestionTopic

from .conftest import bank_rows, write_bank

pytestmark = pytest.mark.django_db


def _preview(province, path):
    with path.open("rb") as f:
        return services.question_import_preview(actor=province.noivu, file=f, filename=path.name)


def test_missing_answer_key_refuses_the_whole_bank(province, tmp_path):
    rows = bank_rows(5)
    rows[2][-1] = None  # line 5 of the sheet (title, header, then rows from line 3)
    rows[3][-1] = "E"
    imp = _preview(province, write_bank(tmp_path / "loi.xlsx", rows))
    assert imp.preview["errors"] == [
        "Dòng 5: thiếu đáp án đúng.",
        "Dòng 6: đáp án «E» không phải một phương án đã ghi (A, B, C, D).",
    ]
    with pytest.raises(DomainError, match="còn 2 lỗi, chưa nhập câu hỏi nào"):
        services.question_import_commit(actor=province.noivu, imp=imp)
    assert Question.objects.count() == 0 and QuestionTopic.objects.count() == 0


def test_valid_bank_is_imported_by_topic(province, tmp_path):
    imp = _preview(province, write_bank(tmp_path / "ok.xlsx", bank_rows(6)))
    assert imp.preview["errors"] == []
    assert imp.preview["topics"] == {"Cơ chế một cửa": 3, "Kỹ năng giao tiếp": 3}
    assert services.question_import_commit(actor=province.noivu, imp=imp) == 6
    q = Question.objects.get(text="Câu hỏi số 1 về nghiệp vụ Một cửa?")
    assert q.options[q.answer] == "Đúng 1" and q.answer_letter == "B"
    with pytest.raises(DomainError, match="đã được nhập"):
        services.question_import_commit(actor=province.noivu, imp=imp)


def test_other_row_errors(province, tmp_path):
    rows = bank_rows(3)
    rows[0][1] = ""  # no topic
    rows[1][4:7] = [None, None, None]  # one option only
    rows[2][2] = rows[0][2]  # duplicate question
    imp = _preview(province, write_bank(tmp_path / "x.xlsx", rows))
    assert imp.preview["errors"] == [
        "Dòng 3: thiếu chủ đề.",
        "Dòng 4: cần ít nhất hai phương án trả lời.",
        "Dòng 4: đáp án «B» không phải một phương án đã ghi (A).",
        "Dòng 5: câu hỏi trùng với dòng 3.",
    ]


def test_unreadable_and_oversized_files(province, tmp_path):
    with pytest.raises(DomainError, match="không phải tệp Excel"):
        services.question_import_preview(
            actor=province.noivu, file=io.BytesIO(b"not a workbook"), filename="a.xlsx"
        )
    with pytest.raises(DomainError, match="tối đa 5 MB"):
        questionbank.read_bank(io.BytesIO(b""), size=questionbank.MAX_BYTES + 1)
    path = write_bank(tmp_path / "h.xlsx", bank_rows(2), header=["Câu", "Nội dung khác"])
    with pytest.raises(DomainError, match="Không tìm thấy dòng tiêu đề"):
        _preview(province, path)


def test_row_limit(province, tmp_path):
    path = write_bank(tmp_path / "many.xlsx", bank_rows(questionbank.MAX_ROWS + 1))
    with pytest.raises(DomainError, match="tối đa 3.000 câu"):
        _preview(province, path)
    assert Question.objects.count() == 0


def test_only_home_affairs_manages_the_bank(province, tmp_path):
    path = write_bank(tmp_path / "ok.xlsx", bank_rows(2))
    with path.open("rb") as f, pytest.raises(Forbidden):
        services.question_import_preview(actor=province.daumoi_xa, file=f, filename="ok.xlsx")
