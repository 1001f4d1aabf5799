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


def _docx(path, paragraphs, table=None):
    import docx

    document = docx.Document()
    document.add_heading("NGÂN HÀNG CÂU HỎI", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        t = document.add_table(rows=0, cols=len(table[0]))
        for row in table:
            cells = t.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = str(value or "")
    document.save(path)
    return path


WORD_BANK = [
    "Chủ đề: Cơ chế một cửa",
    "Câu 1. Hồ sơ giải quyết quá hạn thì cơ quan phải làm gì?",
    "A. Không phải làm gì",
    "B. Gửi văn bản xin lỗi và hẹn lại ngày trả kết quả",
    "C. Trả lại hồ sơ",
    "Đáp án: B",
    "Câu 2: Yêu cầu bổ sung hồ sơ được thực hiện tối đa mấy lần?",
    "A) Một lần",
    "B) Hai lần",
    "Đáp án: A",
    "Chủ đề: Kỹ năng giao tiếp",
    "Câu 3. Khi người dân bức xúc, công chức nên:",
    "A. Tranh luận lại",
    "B. Lắng nghe, giải thích ôn tồn",
]


def test_word_bank_with_paragraphs(province, tmp_path):
    path = _docx(tmp_path / "ngan-hang.docx", WORD_BANK)
    imp = _preview(province, path)
    assert imp.preview["errors"] == ["Đoạn 13 (câu 3): thiếu đáp án đúng."]
    with pytest.raises(DomainError, match="chưa nhập câu hỏi nào"):
        services.question_import_commit(actor=province.noivu, imp=imp)
    path = _docx(tmp_path / "ngan-hang-2.docx", [*WORD_BANK, "Đáp án: B"])
    imp = _preview(province, path)
    assert imp.preview["errors"] == []
    assert imp.preview["topics"] == {"Cơ chế một cửa": 2, "Kỹ năng giao tiếp": 1}
    assert services.question_import_commit(actor=province.noivu, imp=imp) == 3
    q = Question.objects.get(text__startswith="Hồ sơ giải quyết quá hạn")
    assert q.options[q.answer] == "Gửi văn bản xin lỗi và hẹn lại ngày trả kết quả"


def test_word_bank_as_a_table(province, tmp_path):
    rows = [["Chủ đề", "Câu hỏi", "A", "B", "Đáp án"]] + [
        ["Một cửa", f"Câu hỏi {i}?", "Sai", "Đúng", "B" if i != 2 else ""] for i in range(1, 4)
    ]
    imp = _preview(province, _docx(tmp_path / "bang.docx", [], table=rows))
    assert imp.preview["errors"] == ["Bảng 1, dòng 3: thiếu đáp án đúng."]


def test_word_without_questions(province, tmp_path):
    with pytest.raises(DomainError, match="Không tìm thấy câu hỏi"):
        _preview(province, _docx(tmp_path / "trong.docx", ["Một đoạn văn bất kỳ."]))
    with pytest.raises(DomainError, match="định dạng Office cũ"):
        services.question_import_preview(
            actor=province.noivu, file=io.BytesIO(b"x"), filename="cu.doc"
        )
