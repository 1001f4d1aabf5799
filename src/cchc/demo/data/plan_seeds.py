"""The appendix task rows of seeds 001 and 002, and builders that type them into DOCX/XLSX.

Seed 001: Sóc Trăng PPC plan 182/KH-UBND (28/12/2021), "Phân công cụ thể các nhiệm vụ ... năm
2022": the area is a first column merged down its tasks, numbers are written inside the task
text, and the row "- Kế hoạch theo dõi thi hành pháp luật năm 2022" shares the products and
agencies of the row above (merged cells).

Seed 002: Quảng Nam PPC decision on the 2021 CCHC plan, "Các nội dung công việc trọng tâm năm
2021": roman section rows spanning the table, the deadline column before the agencies, the
header row repeated on each page, rows broken by a page (the rest of the text in a row with no
number), and "10 Công tác tuyên truyền ..." heading tasks a), b), c).

Every cell is transcribed as written, slips included (two tasks numbered "6." in seed 001 and
two numbered "3" in section III of seed 002; "Sửa đổi, bổ sung" in the lead column of VI.9).
``lead``/``coordinators``/``products`` hold what the reader must return for each cell.

Used by the demo plan (``cchc.demo.plans``) and by the plans app's import tests:
``write_seed_docx(seed_001_rows(), tmp_path / "kh.docx")``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LAYOUT_001 = "001"  # Nhiệm vụ chung | Nhiệm vụ cụ thể | Sản phẩm | Chủ trì | Phối hợp | Thời gian
LAYOUT_002 = "002"  # TT | Nội dung | Sản phẩm | Thời gian hoàn thành | Chủ trì | Phối hợp

HEADERS = {
    LAYOUT_001: (
        "Nhiệm vụ chung",
        "Nhiệm vụ cụ thể",
        "Sản phẩm",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian thực hiện",
    ),
    LAYOUT_002: (
        "TT",
        "Nội dung, nhiệm vụ",
        "Sản phẩm",
        "Thời gian hoàn thành",
        "Cơ quan chủ trì thực hiện",
        "Cơ quan phối hợp thực hiện",
    ),
}


@dataclass(frozen=True)
class SeedRow:
    layout: str
    section: str
    number: str
    title: str
    products_cell: str  # as typed in the cell ("\n" between paragraphs)
    products: tuple[str, ...]  # what the reader must return
    lead_cell: str
    lead: tuple[str, ...]
    coordinators_cell: str
    coordinators: tuple[str, ...]
    deadline_text: str  # as typed ("\n" between paragraphs)
    section_number: str = ""  # "I", "II" ... (seed 002)
    subsection: str = ""  # "10. Công tác tuyên truyền cải cách hành chính."
    merged_above: tuple[str, ...] = ()  # cells merged with the row above (seed 001)
    new_page: bool = False  # the row starts a new page (repeated header / new table)
    split: tuple[str, str] = ("", "")  # (cell, text before the page break) for broken rows


def _bullets(*items: str) -> str:
    return "\n".join(f"- {i}" for i in items)


# ---------------------------------------------------------------------------------- seed 001

_S001 = (
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy",
    "Cải cách công vụ",
    "Cải cách tài chính công",
    "Xây dựng và phát triển Chính phủ điện tử",
    "Công tác chỉ đạo điều hành",
)

_SBN_HX_CQ = "Sở, ban, ngành và các cơ quan có liên quan; UBND cấp huyện, cấp xã"
_SBN_HX_CQ_L = ("Sở, ban, ngành", "các cơ quan có liên quan", "UBND cấp huyện", "UBND cấp xã")
_SBN_T_H = "Các sở, ban, ngành tỉnh; UBND cấp huyện"
_SBN_T_H_L = ("Các sở, ban, ngành tỉnh", "UBND cấp huyện")
_SBN_HX_CQ2 = "Sở ban ngành, UBND cấp huyện, cấp xã và các cơ quan có liên quan"
_SBN_HX_CQ2_L = ("Sở ban ngành", "UBND cấp huyện", "UBND cấp xã", "các cơ quan có liên quan")
_KH_UBND_BC = ("Kế hoạch của UBND tỉnh", "Báo cáo kết quả thực hiện")
_KH_BC = ("Kế hoạch", "Báo cáo kết quả")


def _r1(
    section: int,
    number: str,
    title: str,
    products: tuple[str, ...],
    lead_cell: str,
    lead: tuple[str, ...],
    coord_cell: str,
    coord: tuple[str, ...],
    deadline: str,
    *,
    products_cell: str | None = None,
    **extra,
) -> SeedRow:
    return SeedRow(
        layout=LAYOUT_001,
        section=_S001[section - 1],
        number=number,
        title=title,
        products_cell=_bullets(*products) if products_cell is None else products_cell,
        products=products,
        lead_cell=lead_cell,
        lead=lead,
        coordinators_cell=coord_cell,
        coordinators=coord,
        deadline_text=deadline,
        **extra,
    )


def seed_001_rows() -> list[SeedRow]:
    """Sóc Trăng 2022 appendix, 28 task rows in 7 areas, as written."""
    tp = "Sở Tư pháp"
    nv = "Sở Nội vụ"
    tc = "Sở Tài chính"
    cq = "Các cơ quan có liên quan"
    return [
        _r1(
            1,
            "1.",
            "Xây dựng và triển khai Kế hoạch rà soát văn bản quy phạm pháp luật trên địa bàn "
            "tỉnh, Kế hoạch kiểm tra việc thực hiện văn bản quy phạm pháp luật",
            _KH_UBND_BC,
            tp,
            (tp,),
            "Sở, ban, ngành; UBND cấp huyện và các cơ quan có liên quan",
            ("Sở, ban, ngành", "UBND cấp huyện", "các cơ quan có liên quan"),
            "Theo quy định của Trung ương",
        ),
        _r1(
            1,
            "-",
            "Kế hoạch theo dõi thi hành pháp luật năm 2022",
            _KH_UBND_BC,
            tp,
            (tp,),
            "Sở, ban, ngành; UBND cấp huyện và các cơ quan có liên quan",
            ("Sở, ban, ngành", "UBND cấp huyện", "các cơ quan có liên quan"),
            "- Kế hoạch UBND tỉnh trước ngày 30/01/2022\n- Báo cáo chậm nhất 10/12/2022",
            merged_above=("products", "lead", "coordinators"),
        ),
        _r1(
            1,
            "2.",
            "Xây dựng và ban hành văn bản quy phạm pháp luật tại tỉnh",
            ("Văn bản quy phạm pháp luật của tỉnh",),
            "- Các sở, ban ngành và các cơ quan có liên quan",
            ("Các sở, ban ngành", "các cơ quan có liên quan"),
            tp,
            (tp,),
            "Trong năm 2022",
        ),
        _r1(
            1,
            "3.",
            "Xây dựng Kế hoạch và tổ chức tuyên truyền, phổ biến giáo dục pháp luật năm 2022.",
            _KH_UBND_BC,
            tp,
            (tp,),
            _SBN_HX_CQ,
            _SBN_HX_CQ_L,
            "- Tháng 01/2022\n- Tháng 12/2022",
        ),
        _r1(
            2,
            "1.",
            "Xây dựng và triển khai thực hiện Kế hoạch kiểm soát, rà soát TTHC năm 2022",
            ("Kế hoạch", "Báo cáo kết quả thực hiện"),
            "Văn phòng UBND tỉnh",
            ("Văn phòng UBND tỉnh",),
            _SBN_HX_CQ,
            _SBN_HX_CQ_L,
            "- Tháng 01/2022\n- Trong năm 2022",
        ),
        _r1(
            2,
            "2.",
            "Công bố TTHC mới ban hành được sửa đổi, bổ sung, thay thế, bãi bỏ theo VBQPPL của "
            "Trung ương và địa phương.",
            ("Quyết định Chủ tịch UBND tỉnh.",),
            "Các sở, ban, ngành tỉnh",
            ("Các sở, ban, ngành tỉnh",),
            "Văn phòng UBND tỉnh",
            ("Văn phòng UBND tỉnh",),
            "Trong năm 2022 (nếu có)",
            products_cell="Quyết định Chủ tịch UBND tỉnh.",
            new_page=True,
        ),
        _r1(
            2,
            "3.",
            "Thực hiện rà soát, kiến nghị các cấp thẩm quyền bãi bỏ, hủy bỏ, sửa đổi, bổ sung "
            "các TTHC không còn phù hợp",
            (
                "Quyết định thông qua phương án đơn giản hóa thủ tục hành chính hoặc văn bản "
                "kiến nghị",
            ),
            "Văn phòng UBND tỉnh",
            ("Văn phòng UBND tỉnh",),
            "Sở, ban ngành, UBND cấp huyện",
            ("Sở, ban ngành", "UBND cấp huyện"),
            "Hàng quý và năm 2022",
            products_cell="Quyết định thông qua phương án đơn giản hóa thủ tục hành chính "
            "hoặc văn bản kiến nghị",
        ),
        _r1(
            2,
            "4.",
            "Triển khai Đề án đổi mới việc thực hiện cơ chế một cửa, một cửa liên thông trong "
            "giải quyết TTHC.",
            ("Công văn", "báo cáo kết quả"),
            "Các sở, ban, ngành cấp tỉnh; UBND cấp huyện, cấp xã",
            ("Các sở, ban, ngành cấp tỉnh", "UBND cấp huyện", "UBND cấp xã"),
            "Sở Thông tin và Truyền thông phối hợp với Văn phòng UBND tỉnh",
            ("Sở Thông tin và Truyền thông", "Văn phòng UBND tỉnh"),
            "Thường xuyên",
            products_cell="Công văn; báo cáo kết quả",
        ),
        _r1(
            3,
            "1.",
            "Tổ chức kiểm tra tình hình hoạt động; phân cấp của các cơ quan chuyên môn cấp "
            "tỉnh, UBND cấp huyện",
            ("Văn bản báo cáo kết quả thực hiện",),
            _SBN_T_H,
            _SBN_T_H_L,
            nv,
            (nv,),
            "Trong năm 2022",
        ),
        _r1(
            3,
            "2.",
            "Tiếp tục thực hiện tinh giản biên chế theo quy định của Trung ương và của tỉnh",
            ("Văn bản của UBND tỉnh", "Báo cáo của Sở Nội vụ"),
            nv,
            (nv,),
            _SBN_T_H,
            _SBN_T_H_L,
            "Trong năm 2022",
        ),
        _r1(
            3,
            "3.",
            "Đo lường sự hài lòng của người dân đối với dịch vụ y tế công, giáo dục",
            ("Quyết định phê duyệt Kế hoạch/Báo cáo kết quả thực hiện trong năm",),
            "- Sở Y tế;\n- Sở Giáo dục và Đào tạo",
            ("Sở Y tế", "Sở Giáo dục và Đào tạo"),
            "Sở Nội vụ và các đơn vị có liên quan",
            (nv, "các đơn vị có liên quan"),
            "Trong năm 2022",
        ),
        _r1(
            4,
            "1.",
            "Triển khai Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức năm 2022 của tỉnh",
            ("Báo cáo kết quả thực hiện",),
            nv,
            (nv,),
            "Các cơ quan liên quan",
            ("Các cơ quan liên quan",),
            "Trong năm 2022",
            products_cell="Báo cáo kết quả thực hiện",
        ),
        _r1(
            4,
            "2.",
            "Hoàn thiện và ban hành quyết định vị trí việc làm của cơ quan, tổ chức thuộc phạm "
            "vi quản lý theo quy định tại Nghị định số 62/2020/NĐ-CP ngày 01/6/2020 của Chính "
            "phủ",
            ("Quyết định",),
            nv,
            (nv,),
            _SBN_T_H,
            _SBN_T_H_L,
            "Quý 2/2022",
            new_page=True,
        ),
        _r1(
            4,
            "3.",
            "Phê duyệt, điều chỉnh vị trí việc làm và cơ cấu viên chức theo chức danh nghề "
            "nghiệp của đơn vị sự nghiệp công lập thuộc phạm vi quản lý theo quy định tại Nghị "
            "định số 106/2020/NĐ-CP ngày 10/9/2020 của Chính phủ.",
            ("Quyết định",),
            nv,
            (nv,),
            "Đơn vị sự nghiệp trực thuộc tỉnh, trực thuộc các sở ban ngành và UBND cấp huyện",
            ("Đơn vị sự nghiệp trực thuộc tỉnh, trực thuộc các sở ban ngành và UBND cấp huyện",),
            "Năm 2022",
        ),
        _r1(
            4,
            "4.",
            "Tiếp tục triển khai đánh giá và phân loại cán bộ, công chức, viên chức theo quy định",
            ("Báo cáo kết quả",),
            "Sở, ban ngành, UBND các cấp",
            ("Sở, ban ngành", "UBND các cấp"),
            nv,
            (nv,),
            "Tháng 12/2022",
        ),
        _r1(
            5,
            "1.",
            "Tiếp tục thực hiện Nghị định 130/2005/NĐ-CP ngày 17/10/2005 của Chính phủ về chế "
            "độ tự chủ, tự chịu trách nhiệm về sử dụng biên chế và kinh phí quản lý hành chính "
            "đối với cơ quan hành chính và Nghị định số 117/2013/NĐ-CP sửa đổi, bổ sung Nghị "
            "định số 130/2005/NĐ-CP. Nghị định số 60/2021/NĐ-CP ngày 21/6/2021 của Chính phủ "
            "về quy định cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập",
            ("Báo cáo kết quả thực hiện",),
            tc,
            (tc,),
            "Các sở, ban, ngành; UBND cấp huyện, cấp xã\nCác đơn vị sự nghiệp công lập",
            (
                "Các sở, ban, ngành",
                "UBND cấp huyện",
                "UBND cấp xã",
                "Các đơn vị sự nghiệp công lập",
            ),
            "Trong năm 2022",
        ),
        _r1(
            5,
            "2.",
            "Thực hiện báo cáo định kỳ và công khai số liệu giải ngân vốn đầu tư công trên Cổng "
            "thông tin điện tử của tỉnh theo quy định",
            ("Báo cáo kết quả thực hiện",),
            tc,
            (tc,),
            cq,
            (cq,),
            "Trong năm 2022",
        ),
        _r1(
            5,
            "3.",
            "Kiểm tra việc thực hiện các quy định về quản lý tài sản công.",
            ("Báo cáo kết quả thực hiện",),
            tc,
            (tc,),
            cq,
            (cq,),
            "Trong năm 2022",
            new_page=True,
        ),
        _r1(
            6,
            "1.",
            "Ban hành và triển khai Kế hoạch ứng dụng công nghệ thông tin trong hoạt động của "
            "cơ quan hành chính nhà nước năm 2022",
            ("Quyết định phê duyệt của UBND tỉnh", "Báo cáo kết quả thực hiện"),
            "Sở Thông tin và Truyền thông",
            ("Sở Thông tin và Truyền thông",),
            "Sở, ban ngành và UBND cấp huyện, cấp xã",
            ("Sở, ban ngành", "UBND cấp huyện", "UBND cấp xã"),
            "Quý I/2022",
        ),
        _r1(
            6,
            "2.",
            "Thực hiện gửi và nhận hồ sơ TTHC qua dịch vụ công trực tuyến mức độ 3, 4 giữa các "
            "cơ quan hành chính nhà nước với nhau; tăng cường thực hiện TTHC trực tuyến mức độ "
            "3 và 4 và qua dịch vụ bưu chính công ích, đảm bảo số TTHC có phát sinh hồ sơ trực "
            "tuyến và TTHC có gửi hồ sơ và trả kết quả qua dịch vụ bưu chính công ích năm sau "
            "cao hơn năm trước.",
            ("Báo cáo kết quả thực hiện",),
            "Sở, ban, ngành; UBND cấp huyện, cấp xã và các cơ quan có liên quan",
            ("Sở, ban, ngành", "UBND cấp huyện", "UBND cấp xã", "các cơ quan có liên quan"),
            "Sở Thông tin và Truyền thông",
            ("Sở Thông tin và Truyền thông",),
            "Thường xuyên",
        ),
        _r1(
            6,
            "3.",
            "Kiểm tra việc áp dụng, duy trì và cải tiến hệ thống quản lý chất lượng theo tiêu "
            "chuẩn TCVN 9001:2015 tại các cơ quan, định kỳ 01 lần/năm",
            ("Kế hoạch kiểm tra của UBND tỉnh", "Báo cáo kết quả kiểm tra"),
            "Sở Khoa học và Công nghệ",
            ("Sở Khoa học và Công nghệ",),
            "Các cơ quan, đơn vị, địa phương đang tham gia hệ thống ISO theo quy định",
            ("Các cơ quan, đơn vị, địa phương đang tham gia hệ thống ISO theo quy định",),
            "Tháng 12/2022",
        ),
        _r1(
            7,
            "1.",
            "Xây dựng và tổ chức thực hiện Kế hoạch CCHC năm 2022",
            _KH_BC,
            nv,
            (nv,),
            _SBN_HX_CQ2,
            _SBN_HX_CQ2_L,
            "- Tháng 12/2021\n- Tháng 12/2022",
        ),
        _r1(
            7,
            "2.",
            "Xây dựng và tổ chức thực hiện Kế hoạch tuyên truyền CCHC năm 2022",
            ("Kế hoạch", "Báo cáo kết quả (lồng ghép với kết quả CCHC)"),
            nv,
            (nv,),
            _SBN_HX_CQ2,
            _SBN_HX_CQ2_L,
            "- Tháng 02/2022\n- Tháng 12/2022",
        ),
        _r1(
            7,
            "3.",
            "Kiểm tra CCHC và kiểm tra công vụ",
            _KH_BC,
            nv,
            (nv,),
            _SBN_HX_CQ2,
            _SBN_HX_CQ2_L,
            "- Tháng 03/2022\n- Tháng 12/2022",
            new_page=True,
        ),
        _r1(
            7,
            "4.",
            "Tập huấn công tác CCHC",
            ("Hội nghị hoặc Tọa đàm",),
            nv,
            (nv,),
            cq,
            (cq,),
            "Tháng 12/2022",
            products_cell="Hội nghị hoặc Tọa đàm",
        ),
        _r1(
            7,
            "5.",
            "Bồi dưỡng văn hóa công vụ cho cán bộ, công chức, viên chức theo Quyết định số "
            "1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ",
            ("Báo cáo kết quả thực hiện (lồng ghép vào báo cáo CCHC)",),
            nv,
            (nv,),
            cq,
            (cq,),
            "Quý 4/2022",
        ),
        _r1(
            7,
            "6.",
            "Xác định Chỉ số CCHC các sở, ngành tỉnh và Ủy ban nhân dân cấp huyện và Chỉ số đo "
            "lường sự hài lòng của người dân đối với sự phục vụ của cơ quan, đơn vị, địa phương",
            ("Phương án/Kế hoạch/Quyết định", "Báo cáo kết quả"),
            nv,
            (nv,),
            cq,
            (cq,),
            "Tháng 12/2022",
        ),
        _r1(
            7,
            "6.",
            "Tham quan thực tế các mô hình về CCHC, nâng cao năng lực đội ngũ công chức chuyên "
            "trách CCHC các sở, ngành tỉnh và UBND cấp huyện",
            ("Chuyên đi học tập kinh nghiệm thực tế",),
            nv,
            (nv,),
            "Các sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã",
            ("Các sở, ban, ngành tỉnh", "UBND cấp huyện", "UBND cấp xã"),
            "Quý 4/2022",
            products_cell="Chuyên đi học tập kinh nghiệm thực tế",
        ),
    ]


# ---------------------------------------------------------------------------------- seed 002

_S002 = (
    ("I", "CẢI CÁCH THỂ CHẾ"),
    (
        "II",
        "CẢI CÁCH THỦ TỤC HÀNH CHÍNH, THỰC HIỆN CƠ CHẾ MỘT, MỘT CỬA LIÊN THÔNG TRONG GIẢI "
        "QUYẾT THỦ TỤC HÀNH CHÍNH",
    ),
    ("III", "CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH"),
    ("IV", "CẢI CÁCH CÔNG VỤ"),
    ("V", "CẢI CÁCH TÀI CHÍNH CÔNG"),
    ("VI", "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH PHỦ ĐIỆN TỬ"),
    ("VII", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"),
)

_ALL = "Các Sở, Ban, ngành, UBND các huyện, thị xã, thành phố"
_ALL_L = ("Các Sở, Ban, ngành", "UBND các huyện, thị xã, thành phố")
_ALL_SC = "Các Sở, ban, ngành; UBND các huyện, thị xã, thành phố"
_ALL_SC_L = ("Các Sở, ban, ngành", "UBND các huyện, thị xã, thành phố")
_HUYEN = "UBND các huyện, thị xã, thành phố"
_NVTX = "Nhiệm vụ thường xuyên"
_QD_TINH_HUYEN = "Quyết định UBND tỉnh, UBND các huyện, thị xã, thành phố"


def _r2(
    section: int,
    number: str,
    title: str,
    products_cell: str,
    products: tuple[str, ...],
    deadline: str,
    lead_cell: str,
    lead: tuple[str, ...],
    coord_cell: str = _ALL,
    coord: tuple[str, ...] = _ALL_L,
    **extra,
) -> SeedRow:
    roman, name = _S002[section - 1]
    return SeedRow(
        layout=LAYOUT_002,
        section=name,
        section_number=roman,
        number=number,
        title=title,
        products_cell=products_cell,
        products=products,
        lead_cell=lead_cell,
        lead=lead,
        coordinators_cell=coord_cell,
        coordinators=coord,
        deadline_text=deadline,
        **extra,
    )


def _one(text: str) -> tuple[str, tuple[str, ...]]:
    return text, (text,)


def seed_002_rows() -> list[SeedRow]:
    """Quảng Nam 2021 appendix, 50 task rows in 7 sections, as written."""
    nv = "Sở Nội vụ"
    tp = "Sở Tư pháp"
    tc = "Sở Tài chính"
    vp = "Văn phòng UBND tỉnh"
    tt = "Sở Thông tin và Truyền thông"
    tt_vp = "Sở Thông tin và truyền thông; Văn phòng UBND tỉnh"
    tt_vp_l = ("Sở Thông tin và truyền thông", vp)
    qd_ubnd = _one("Quyết định của Ủy ban nhân dân tỉnh")
    qd_tinh = _one("Quyết định của UBND tỉnh")
    vb_tinh = _one("Văn bản của UBND tỉnh")
    bcsdl = _one("Bộ cơ sở dữ liệu")
    qd_th = _one(_QD_TINH_HUYEN)
    tuyen = "10. Công tác tuyên truyền cải cách hành chính."
    return [
        _r2(
            1,
            "1",
            "Hoàn thiện hệ thống văn bản quy phạm pháp luật phù hợp với các quy định của Trung "
            "ương và điều kiện thực tế của tỉnh, trong đó tập trung một số lĩnh vực trọng tâm "
            "như đầu tư, đất đai, xây dựng, tổ chức bộ máy, công chức, viên chức, giáo dục, y "
            "tế....",
            "",
            (),
            "Năm 2021",
            "Các Sở: Kế hoạch và Đầu tư, Tài chính, Xây dựng, Tài nguyên và Môi trường, Đất "
            "đai, Nội vụ, Y tế, Giáo dục và Đào tạo",
            (
                "Sở Kế hoạch và Đầu tư",
                "Sở Tài chính",
                "Sở Xây dựng",
                "Sở Tài nguyên và Môi trường",
                "Sở Đất đai",
                "Sở Nội vụ",
                "Sở Y tế",
                "Sở Giáo dục và Đào tạo",
            ),
            "Các Sở, ngành có liên quan, UBND các huyện, thị xã, thành phố",
            ("Các Sở, ngành có liên quan", _HUYEN),
        ),
        _r2(
            1,
            "2",
            "Ban hành, theo dõi, đôn đốc việc thực hiện kế hoạch kiểm tra, rà soát văn bản quy "
            "phạm pháp luật trên địa bàn tỉnh",
            *_one("Kế hoạch kiểm tra, Báo cáo kết quả kiểm tra"),
            "Năm 2021",
            tp,
            (tp,),
        ),
        _r2(
            1,
            "3",
            "Tiếp tục nâng cao chất lượng xây dựng, ban hành văn bản quy phạm pháp luật.",
            *_one("Văn bản của Sở Tư pháp"),
            _NVTX,
            tp,
            (tp,),
            _HUYEN,
            (_HUYEN,),
        ),
        _r2(
            1,
            "4",
            "Tiếp tục thực hiện việc công khai kịp thời, đầy đủ toàn bộ quy định, chính sách, cơ "
            "chế, bảo đảm việc tiếp cận bình đẳng của người dân, doanh nghiệp, nhà đầu tư trong "
            "và ngoài nước.",
            *_one(
                "Đăng tải công khai các quy định, cơ chế, chính sách của tỉnh trên Cổng thông "
                "tin điện tử của tỉnh, Trang thông tin điện tử của Sở Kế hoạch và Đầu tư."
            ),
            _NVTX,
            "Sở Kế hoạch và Đầu tư",
            ("Sở Kế hoạch và Đầu tư",),
            "Các Sở, Ban, ngành; UBND các huyện, thị xã, thành phố",
            ("Các Sở, Ban, ngành", _HUYEN),
            split=(
                "products",
                "Đăng tải công khai các quy định, cơ chế, chính sách của tỉnh trên Cổng thông "
                "tin điện tử của tỉnh, Trang",
            ),
        ),
        _r2(
            1,
            "5",
            "Tổ chức hướng dẫn thực hiện công tác theo dõi thi hành pháp luật trên địa bàn "
            "tỉnh, đảm bảo hiệu quả, có trọng tâm, trọng điểm, phù hợp với tình hình thực tế và "
            "theo sự chỉ đạo của Trung ương.",
            *_one("Kế hoạch, Báo cáo, Công văn."),
            _NVTX,
            tp,
            (tp,),
            _ALL_SC,
            _ALL_SC_L,
        ),
        _r2(
            2,
            "1",
            "Kiểm soát các quy định về TTHC và công bố, công khai TTHC và kết quả giải quyết TTHC.",
            *vb_tinh,
            _NVTX,
            vp,
            (vp,),
            _ALL_SC,
            _ALL_SC_L,
        ),
        _r2(
            2,
            "2",
            "Phê duyệt bổ sung Danh mục TTHC thực hiện theo cơ chế một cửa, một cửa liên thông "
            "tại Trung tâm Hành chính công, Bộ phận một cửa các cấp",
            *qd_tinh,
            _NVTX,
            vp,
            (vp,),
            _HUYEN,
            (_HUYEN,),
        ),
        _r2(
            2,
            "3",
            "Tiếp tục cập nhật, công bố danh mục TTHC khi Bộ, ngành Trung ương công bố mới, sửa "
            "đổi, bổ sung, thay thế.",
            *_one("Quyết định của Chủ tịch UBND tỉnh"),
            _NVTX,
            "Các cơ quan chuyên môn thuộc UBND tỉnh",
            ("Các cơ quan chuyên môn thuộc UBND tỉnh",),
            vp,
            (vp,),
        ),
        _r2(
            2,
            "4",
            "Hoàn thiện và đồng bộ hóa cơ sở dữ liệu TTHC của tỉnh với Cổng Dịch vụ công quốc "
            "gia và liên thông dữ liệu đến Trang thông tin điện tử của các Sở, ban, ngành, Ủy "
            "ban nhân dân các huyện, thị xã, thành phố.",
            *bcsdl,
            _NVTX,
            tt_vp,
            tt_vp_l,
        ),
        _r2(
            2,
            "5",
            "Xây dựng các bộ cơ sở dữ liệu dùng chung (giấy tờ công dân, tổ chức) để đơn giản "
            "hóa, đề xuất cắt giảm thành phần hồ sơ, số lượng hồ sơ phải nộp khi tham gia giải "
            "quyết TTHC tại các cơ quan nhà nước.",
            *bcsdl,
            _NVTX,
            tt_vp,
            tt_vp_l,
            new_page=True,
        ),
        _r2(
            2,
            "6",
            "Triển khai Quyết định số 2307/QĐ-UBND ngày 21/8/2020 của UBND tỉnh phê duyệt Đề án "
            "kiểm soát thủ tục hành chính ngoài thủ tục đã thực hiện theo cơ chế một cửa tại các "
            "cơ quan, đơn vị, địa phương.",
            *_one("Các văn bản triển khai của UBND tỉnh, các sở ngành, huyện, thị xã, thành phố"),
            "Theo tiến độ Đề án",
            nv,
            (nv,),
        ),
        _r2(
            2,
            "7",
            "Nhân rộng thực hiện Đề án thí điểm chuyển giao nhiệm vụ tiếp nhận và trả kết quả "
            "giải quyết TTHC tại các cơ quan, đơn vị trên địa bàn tỉnh cho Bưu điện Quảng Nam.",
            *qd_tinh,
            "Năm 2021",
            vp,
            (vp,),
            "Các Sở, Ban, ngành, UBND các huyện, thị xã, thành phố, Bưu điện tỉnh.",
            ("Các Sở, Ban, ngành", _HUYEN, "Bưu điện tỉnh"),
        ),
        _r2(
            3,
            "1",
            "Kiểm toàn sắp xếp, tinh gọn tổ chức bộ máy theo Nghị định số 107/2020/NĐ-CP và "
            "Nghị định số 108/2020/NĐ-CP ngày 14/9/2020 của Chính phủ.",
            *qd_th,
            "Năm 2021",
            _ALL,
            _ALL_L,
            nv,
            (nv,),
        ),
        _r2(
            3,
            "2",
            "Sắp xếp, tổ chức lại các đơn vị sự nghiệp công lập không đáp ứng tiêu chí theo quy "
            "định tại Nghị định số 120/2020/NĐ-CP.",
            *qd_th,
            "Năm 2021",
            _ALL,
            _ALL_L,
            nv,
            (nv,),
        ),
        _r2(
            3,
            "3",
            "Ban hành Quyết định sửa đổi, bổ sung Quy định chức năng, nhiệm vụ, quyền hạn, cơ "
            "cấu, tổ chức của cơ quan chuyên môn, đơn vị sự nghiệp trực thuộc UBND tỉnh và cấp "
            "huyện.",
            *qd_th,
            "Sau khi có văn bản hướng dẫn của Bộ, ngành Trung ương",
            _ALL,
            _ALL_L,
            nv,
            (nv,),
            new_page=True,
        ),
        _r2(
            3,
            "4",
            "Điều chỉnh, phê duyệt đề án vị trí việc làm trong cơ quan hành chính, đơn vị sự "
            "nghiệp theo Nghị định số 62/2020/NĐ-CP và Nghị định số 106/2020/NĐ-CP.",
            *qd_tinh,
            "Năm 2021",
            _ALL,
            _ALL_L,
            nv,
            (nv,),
        ),
        _r2(
            3,
            "3",
            "Triển khai Quyết định số 2483/QĐ-UBND ngày 09/9/2020 của UBND tỉnh phê duyệt Đề án "
            "“Sắp xếp các cơ sở giáo dục nghề nghiệp công lập trên địa bàn tỉnh Quảng Nam”.",
            *_one("Quyết định của UBND tỉnh thành lập Trường Cao đẳng Quảng Nam"),
            "Năm 2021",
            "Sở Lao động, Thương binh và Xã hội",
            ("Sở Lao động, Thương binh và Xã hội",),
            "Sở Nội vụ, Sở Tài chính, các Sở, ngành có liên quan, các cơ sở giáo dục nghề "
            "nghiệp công lập trên địa bàn tỉnh",
            (
                nv,
                tc,
                "các Sở, ngành có liên quan",
                "các cơ sở giáo dục nghề nghiệp công lập trên địa bàn tỉnh",
            ),
        ),
        _r2(
            4,
            "1",
            "Tiếp tục triển khai thực hiện chính sách tinh giản biên chế và cơ cấu lại đội ngũ "
            "cán bộ, công chức, viên chức theo quy định của Chính phủ.",
            *qd_ubnd,
            "Trong năm 2021",
            nv,
            (nv,),
        ),
        _r2(
            4,
            "2",
            "Ban hành Quy tắc ứng xử của cán bộ, công chức, viên chức và người lao động làm việc "
            "trong cơ quan hành chính, đơn vị sự nghiệp công lập trên địa bàn tỉnh.",
            *qd_ubnd,
            "Quý II/2021",
            nv,
            (nv,),
        ),
        _r2(
            4,
            "3",
            "Xây dựng, ban hành Đề án thí điểm mô hình đánh giá kết quả làm việc của công chức "
            "tỉnh Quảng Nam.",
            *qd_ubnd,
            "Quý II/2021",
            nv,
            (nv,),
            new_page=True,
        ),
        _r2(
            4,
            "4",
            "Ban hành, triển khai thực hiện Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên "
            "chức năm 2021.",
            *qd_ubnd,
            "Năm 2021",
            nv,
            (nv,),
        ),
        _r2(
            4,
            "5",
            "Khảo sát thí điểm việc ứng dụng công nghệ thông tin đối với cán bộ cấp xã.",
            *_one("Kế hoạch của Sở Thông tin và Truyền thông"),
            "Năm 2021",
            "Các Sở: Nội vụ, Thông tin và Truyền thông",
            (nv, tt),
            "UBND cấp huyện, cấp xã",
            ("UBND cấp huyện", "UBND cấp xã"),
        ),
        _r2(
            5,
            "1",
            "Tiếp tục tham mưu ban hành, sửa đổi bổ sung các văn bản về quản lý ngân sách, tài "
            "sản công.",
            *_one("Nghị quyết của Hội đồng nhân dân tỉnh và Quyết định của Ủy ban nhân dân tỉnh"),
            _NVTX,
            tc,
            (tc,),
        ),
        _r2(
            5,
            "2",
            "Tiếp tục tham mưu thực hiện Nghị quyết số 03/2019/NQ-HĐND ngày 12/7/2019 của HĐND "
            "tỉnh Quảng Nam và Quyết định số 15/2019/QĐ-UBND ngày 18/9/2019 của UBND tỉnh về "
            "phân cấp quản lý, sử dụng tài sản công tại cơ quan, tổ chức, đơn vị thuộc phạm vi "
            "quản lý của tỉnh Quảng Nam.",
            *vb_tinh,
            "Năm 2021",
            tc,
            (tc,),
        ),
        _r2(
            5,
            "3",
            "Tiếp tục tham mưu UBND tỉnh sắp xếp nhà, đất và tài sản công theo quy định pháp luật.",
            *_one("Văn bản của UBND tỉnh."),
            "Năm 2021",
            tc,
            (tc,),
        ),
        _r2(
            5,
            "4",
            "Chuyển đổi các đơn vị sự nghiệp công lập thành công ty cổ phần theo lộ trình quy "
            "định của Chính phủ.",
            *vb_tinh,
            "Năm 2021",
            tc,
            (tc,),
            new_page=True,
        ),
        _r2(
            6,
            "1",
            "Ban hành Kiến trúc chính quyền điện tử tỉnh (phiên bản 2.0) phù hợp với Khung kiến "
            "trúc Chính phủ điện tử Việt Nam.",
            *qd_tinh,
            "Quý I/ 2021",
            tt,
            (tt,),
        ),
        _r2(
            6,
            "2",
            "Triển khai Đề án Phát triển ứng dụng công nghệ thông tin, xây dựng chính quyền số "
            "tỉnh Quảng Nam giai đoạn 2021-2025.",
            *_one("Các dự án, nhiệm vụ trong Đề án được thực hiện đúng tiến độ"),
            "Năm 2021 và các năm tiếp theo",
            tt,
            (tt,),
        ),
        _r2(
            6,
            "3",
            "Hoàn thành việc thực hiện liên thông văn bản điện tử, dữ liệu điện tử từ cấp tỉnh "
            "đến cấp huyện, cấp xã nhằm nâng cao chất lượng công tác chỉ đạo, điều hành và phục "
            "vụ người dân, doanh nghiệp.",
            *_one("Cơ sở dữ liệu và các văn bản có liên quan"),
            "Năm 2021",
            tt,
            (tt,),
        ),
        _r2(
            6,
            "4",
            "Xây dựng Hướng dẫn đăng ký tài khoản sử dụng dịch vụ thanh toán trực tuyến phí, lệ "
            "phí, nghĩa vụ tài chính.",
            *vb_tinh,
            "Quý II/2021",
            tt,
            (tt,),
            "Sở Nội vụ, Văn phòng UBND tỉnh",
            (nv, vp),
        ),
        _r2(
            6,
            "5",
            "Công bố mở rộng danh mục thủ tục hành chính cho phép nộp trực tuyến.",
            *qd_tinh,
            "Năm 2021",
            tt,
            (tt,),
            vp,
            (vp,),
        ),
        _r2(
            6,
            "6",
            "Sửa đổi, bổ sung Quyết định số 1776/QĐ-UBND ngày 02/7/2020 của UBND tỉnh ban hành "
            "Danh mục dịch vụ công trực tuyến mức độ 3, mức độ 4 thực hiện đến năm 2020 trên "
            "địa bàn tỉnh.",
            *qd_tinh,
            "Năm 2021",
            tt,
            (tt,),
            split=(
                "title",
                "Sửa đổi, bổ sung Quyết định số 1776/QĐ-UBND ngày 02/7/2020 của UBND tỉnh ban "
                "hành Danh mục dịch vụ",
            ),
        ),
        _r2(
            6,
            "7",
            "Sửa đổi, bổ sung Quyết định UBND tỉnh công bố danh mục TTHC thực hiện tiếp nhận và "
            "trả kết quả qua dịch vụ Bưu chính công ích.",
            *qd_tinh,
            "Năm 2021",
            tt,
            (tt,),
            "Văn phòng UBND tỉnh, Bưu điện tỉnh, các Sở, Ban, ngành, UBND các huyện, thị xã, "
            "thành phố",
            (vp, "Bưu điện tỉnh", "các Sở, Ban, ngành", _HUYEN),
        ),
        _r2(
            6,
            "8",
            "Cập nhật, hoàn thiện các cơ sở dữ liệu nền và thực hiện hiệu quả việc sử dụng, khai "
            "thác, chia sẻ dữ liệu: Cơ sở dữ liệu cán bộ công chức, viên chức; Cơ sở dữ liệu "
            "công dân; Cơ sở dữ liệu công chứng; Cơ sở dữ liệu đất đai; Cơ sở dữ liệu giao "
            "thông; Cơ sở dữ liệu hồ sơ sức khỏe công dân; Cơ sở dữ liệu người có công, đối "
            "tượng chính sách.",
            "Cơ sở dữ liệu cán bộ công chức, viên chức; Cơ sở dữ liệu công dân; Cơ sở dữ liệu "
            "công chứng; Cơ sở dữ liệu đất đai; Cơ sở dữ liệu giao thông; Cơ sở dữ liệu hồ sơ "
            "sức khỏe công dân; Cơ sở dữ liệu người có công, đối tượng chính sách.",
            (
                "Cơ sở dữ liệu cán bộ công chức, viên chức",
                "Cơ sở dữ liệu công dân",
                "Cơ sở dữ liệu công chứng",
                "Cơ sở dữ liệu đất đai",
                "Cơ sở dữ liệu giao thông",
                "Cơ sở dữ liệu hồ sơ sức khỏe công dân",
                "Cơ sở dữ liệu người có công, đối tượng chính sách.",
            ),
            "Năm 2021 và các năm tiếp theo",
            "Sở Nội vụ, Sở Tư pháp, Sở Giao thông vận tải, Sở Y tế, Sở Lao động, Thương binh và "
            "Xã hội, Công an tỉnh",
            (
                nv,
                tp,
                "Sở Giao thông vận tải",
                "Sở Y tế",
                "Sở Lao động, Thương binh và Xã hội",
                "Công an tỉnh",
            ),
            new_page=True,
        ),
        _r2(
            6,
            "9",
            "Tiếp tục thực hiện Quyết định số 2034/QĐ-UBND ngày 03/7/2018 của UBND tỉnh phê "
            "duyệt Kế hoạch xây dựng, chuyển đổi, mở rộng Hệ thống quản lý chất lượng theo Tiêu "
            "chuẩn quốc gia TCVN ISO 9001:2015 vào hoạt động của các cơ quan, tổ chức thuộc hệ "
            "thống hành chính nhà nước trên địa bàn tỉnh Quảng Nam.",
            *_one(
                "Triển khai Quyết định công bố áp dụng Hệ thống quản lý chất lượng phù hợp tiêu "
                "chuẩn quốc gia TCVN ISO 9001:2015"
            ),
            _NVTX,
            "Sửa đổi, bổ sung",
            ("Sửa đổi, bổ sung",),
            "Sở Khoa học và Công nghệ",
            ("Sở Khoa học và Công nghệ",),
        ),
        _r2(
            7,
            "1",
            "Ban hành Kế hoạch cải cách hành chính giai đoạn 2021-2030.",
            *_one("Quyết định UBND tỉnh"),
            "Quý I/2021",
            nv,
            (nv,),
            new_page=True,
        ),
        _r2(
            7,
            "2",
            "Tổng hợp số liệu, xây dựng báo cáo tự chấm điểm xác định Chỉ số cải cách hành chính "
            "tỉnh năm 2020 theo yêu cầu của Bộ Nội vụ.",
            _bullets("Các văn bản triển khai thực hiện", "Báo cáo tự đánh giá của UBND tỉnh"),
            ("Các văn bản triển khai thực hiện", "Báo cáo tự đánh giá của UBND tỉnh"),
            "Quý I/2021",
            nv,
            (nv,),
        ),
        _r2(
            7,
            "3",
            "Tổ chức thẩm định, đánh giá kết quả xếp hạng Chỉ số cải cách hành chính các Sở, "
            "Ban, ngành và UBND cấp huyện năm 2020.",
            _bullets(
                "Các văn bản triển khai thực hiện.",
                "Quyết định công bố kết quả xếp hạng Chỉ số cải cách hành chính năm 2020 của "
                "UBND tỉnh",
            ),
            (
                "Các văn bản triển khai thực hiện.",
                "Quyết định công bố kết quả xếp hạng Chỉ số cải cách hành chính năm 2020 của "
                "UBND tỉnh",
            ),
            "Quý I/2021",
            nv,
            (nv,),
        ),
        _r2(
            7,
            "4",
            "Tổ chức Hội nghị trực tuyến đánh giá Chỉ số PAR INDEX, Chỉ số PCI, Chỉ số PAPI, Chỉ "
            "số ICT INDEX của tỉnh và công bố kết quả xếp hạng Chỉ số cải cách hành chính, Chỉ "
            "số hài lòng (SIPAS) và Chỉ số đánh giá năng lực cạnh tranh (DDCI) năm 2020.",
            *_one("Kế hoạch tổ chức Hội nghị của UBND tỉnh"),
            "Quý II/2021",
            nv,
            (nv,),
        ),
        _r2(
            7,
            "5",
            "Ban hành Đề án Cải thiện môi trường đầu tư, tăng cường cải cách hành chính, nâng "
            "cao chất lượng các Chỉ số đánh giá địa phương (PAR INDEX, PCI, PAPI, SIPAS, ICT "
            "INDEX...)",
            *_one("Quyết định UBND tỉnh"),
            "Quý II/2021",
            "Sở Nội vụ, Sở kế hoạch và Đầu tư",
            (nv, "Sở kế hoạch và Đầu tư"),
        ),
        _r2(
            7,
            "6",
            "Tổ chức Hội nghị trực tuyến Nâng cao trách nhiệm, đạo đức công vụ của cán bộ, công "
            "chức, viên chức, tăng cường kỷ luật, kỷ cương hành chính, tạo bước đột phá để phát "
            "triển Quảng Nam.",
            *_one("Kế hoạch tổ chức Hội nghị UBND tỉnh"),
            "Quý I/2021",
            nv,
            (nv,),
            new_page=True,
        ),
        _r2(
            7,
            "7",
            "Thực hiện việc khảo sát mức độ hài lòng của người dân và doanh nghiệp đối với chất "
            "lượng phục vụ của cơ quan hành chính nhà nước.",
            *_one("Kế hoạch của UBND tỉnh"),
            "Năm 2021",
            nv,
            (nv,),
        ),
        _r2(
            7,
            "8",
            "Đề án ứng dụng CNTT đánh giá cải cách hành chính và đo lường sự hài lòng của người "
            "dân đối với sự phục vụ của cơ quan hành chính nhà nước giai đoạn 2021 – 2030.",
            *qd_tinh,
            "Quý II/2021",
            nv,
            (nv,),
        ),
        _r2(
            7,
            "9",
            "Sửa đổi bổ sung Quyết định 2824/QĐ-UBND ngày 19/9/2018 của UBND tỉnh về ban hành "
            "Quy chế phối hợp giữa các cơ quan, đơn vị, địa phương trong việc tổ chức, thực hiện "
            "nhiệm vụ cải cách hành chính.",
            *qd_ubnd,
            "Quý II/2021",
            nv,
            (nv,),
        ),
        _r2(
            7,
            "a)",
            "Tập trung nâng cao chất lượng chuyên trang, chuyên mục cải cách hành chính trên Báo "
            "Quảng Nam, Đài Phát thanh và Truyền hình tỉnh.",
            *_one("Các chuyên mục, chuyên trang cải cách hành chính trên báo, đài"),
            _NVTX,
            "Báo Quảng Nam, Đài Phát thanh-Truyền hình tỉnh",
            ("Báo Quảng Nam", "Đài Phát thanh-Truyền hình tỉnh"),
            subsection=tuyen,
            split=(
                "title",
                "Tập trung nâng cao chất lượng chuyên trang, chuyên mục cải cách hành chính",
            ),
        ),
        _r2(
            7,
            "b)",
            "Tuyên truyền về việc thực hiện dịch vụ công trực tuyến và việc tiếp nhận hồ sơ, trả "
            "kết quả giải quyết TTHC qua dịch vụ bưu chính công ích.",
            "",
            (),
            _NVTX,
            "Sở Thông tin và Truyền thông, Văn phòng UBND tỉnh",
            (tt, vp),
            "Bưu điện tỉnh",
            ("Bưu điện tỉnh",),
            subsection=tuyen,
        ),
        _r2(
            7,
            "c)",
            "Tổ chức Hội thi công chức trẻ với cải cách hành chính",
            "",
            (),
            "Quý III/2021",
            nv,
            (nv,),
            subsection=tuyen,
        ),
        _r2(
            7,
            "11",
            "Kiểm tra việc thực hiện công tác cải cách hành chính nhà nước trên địa bàn tỉnh.",
            "Kế hoạch kiểm tra; Quyết định của UBND tỉnh thành lập Đoàn kiểm tra; Báo cáo kết "
            "quả kiểm tra",
            (
                "Kế hoạch kiểm tra",
                "Quyết định của UBND tỉnh thành lập Đoàn kiểm tra",
                "Báo cáo kết quả kiểm tra",
            ),
            "Quý II-III/2021",
            nv,
            (nv,),
        ),
        _r2(
            7,
            "12",
            "Hội nghị giao ban công tác cải cách hành chính 6 tháng, năm.",
            *_one("Kế hoạch của Sở Nội vụ"),
            "Quý II và Quý IV/2021",
            nv,
            (nv,),
        ),
        _r2(
            7,
            "13",
            "Tổ chức học tập kinh nghiệm về công tác CCHC tại một số tỉnh, thành phố.",
            *_one("Kế hoạch của UBND tỉnh"),
            "Quý II/2021",
            nv,
            (nv,),
            "Các Sở, ban, ngành và UBND các huyện, thị xã, thành phố",
            ("Các Sở, ban, ngành", _HUYEN),
        ),
    ]


def seed_sections(rows: list[SeedRow]) -> list[str]:
    return list(dict.fromkeys(r.section for r in rows))


# ---------------------------------------------------------------------------------- builders


def _cells_of(row: SeedRow) -> dict[str, str]:
    return {
        "title": row.title if row.layout == LAYOUT_002 else f"{row.number} {row.title}",
        "products": row.products_cell,
        "lead": row.lead_cell,
        "coordinators": row.coordinators_cell,
        "deadline": row.deadline_text,
    }


_COLUMNS = {
    LAYOUT_001: {"title": 1, "products": 2, "lead": 3, "coordinators": 4, "deadline": 5},
    LAYOUT_002: {"title": 1, "products": 2, "deadline": 3, "lead": 4, "coordinators": 5},
}


def _set_text(cell, text: str) -> None:  # noqa: ANN001 - a python-docx cell
    paragraphs = text.split("\n") if text else [""]
    cell.paragraphs[0].text = paragraphs[0]
    for extra in paragraphs[1:]:
        cell.add_paragraph(extra)


def write_seed_docx(rows: list[SeedRow], path: Path | str, *, flat: bool = False) -> Path:
    """Type the rows into a real DOCX the way the province laid them out.

    Seed 002: a letterhead table first (not a task table), the header row marked to repeat and
    also typed again where a page starts (as PDF-to-Word conversions leave it), roman section
    rows merged across, a heading row for 10 a)-c), and broken rows continued after the header.
    Seed 001: the area column merged down each area, the sub-row merged with the row above, and
    the table split into a new table at each page (no header), as conversions also leave it.

    ``flat=True`` writes what a PDF-to-Word conversion gives (the seeds' own text renderings):
    no merged cells (the area written once, merged cells left empty), every cell one paragraph
    ("- Kế hoạch - Báo cáo kết quả").
    """
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    path = Path(path)
    layout = rows[0].layout if rows else LAYOUT_002
    cols = _COLUMNS[layout]
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)

    letterhead = document.add_table(rows=1, cols=2)
    _set_text(letterhead.cell(0, 0), "ỦY BAN NHÂN DÂN\nTỈNH")
    _set_text(
        letterhead.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    )
    document.add_paragraph("PHỤ LỤC")
    document.add_paragraph("PHÂN CÔNG CỤ THỂ CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH")

    def put(cell, text: str) -> None:  # noqa: ANN001
        _set_text(cell, text.replace("\n", " ") if flat else text)

    def new_table(with_header: bool):  # noqa: ANN202
        table = document.add_table(rows=0, cols=6)
        table.style = "Table Grid"
        if with_header:
            header_row(table, repeat=True)
        return table

    def header_row(table, *, repeat: bool) -> None:  # noqa: ANN001
        cells = table.add_row().cells
        for i, text in enumerate(HEADERS[layout]):
            _set_text(cells[i], text)
        if repeat:
            tr_pr = table.rows[-1]._tr.get_or_add_trPr()
            flag = OxmlElement("w:tblHeader")
            flag.set(qn("w:val"), "true")
            tr_pr.append(flag)

    table = new_table(True)
    current_section = None
    section_top = None  # (table, row index) of the first row of the area (seed 001)
    subsection = ""
    for row in rows:
        cells_text = _cells_of(row)
        if row.new_page:
            if layout == LAYOUT_001:
                document.add_paragraph("")
                table = new_table(False)
                section_top = None
            else:
                header_row(table, repeat=False)
        if layout == LAYOUT_002 and row.section != current_section:
            current_section = row.section
            cells = table.add_row().cells
            put(cells[0], row.section_number)
            put(cells[1] if flat else cells[1].merge(cells[5]), row.section)
        if layout == LAYOUT_002 and row.subsection and row.subsection != subsection:
            number, _, title = row.subsection.partition(". ")
            cells = table.add_row().cells
            put(cells[0], number)
            put(cells[1], title)
        subsection = row.subsection
        split_field, head = row.split
        if split_field:
            cells_text = dict(cells_text)
            tail = cells_text[split_field][len(head) :].strip()
            cells_text[split_field] = head
        cells = table.add_row().cells
        r_index = len(table.rows) - 1
        if layout == LAYOUT_002:
            put(cells[0], row.number)
        for name, col in cols.items():
            if name in row.merged_above:
                continue
            put(cells[col], cells_text[name])
        for name in () if flat else row.merged_above:
            col = cols[name]
            table.cell(r_index - 1, col).merge(table.cell(r_index, col))
        if layout == LAYOUT_001:
            if row.section != current_section or section_top is None:
                if row.section != current_section:
                    put(cells[0], row.section)
                current_section = row.section
                section_top = r_index
            elif not flat:
                table.cell(section_top, 0).merge(table.cell(r_index, 0))
        if split_field:
            header_row(table, repeat=False)
            cont = table.add_row().cells
            put(cont[cols[split_field]], tail)
    document.add_paragraph("")
    document.add_paragraph("TM. ỦY BAN NHÂN DÂN")
    document.save(str(path))
    return path


def write_seed_xlsx(rows: list[SeedRow], path: Path | str) -> Path:
    """Type the rows into a real XLSX: title rows, header, merged sections and merged cells."""
    import openpyxl
    from openpyxl.styles import Alignment

    path = Path(path)
    layout = rows[0].layout if rows else LAYOUT_002
    cols = _COLUMNS[layout]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws.cell(1, 1, "PHỤ LỤC")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    ws.cell(2, 1, "PHÂN CÔNG CỤ THỂ CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=6)
    for i, text in enumerate(HEADERS[layout], start=1):
        ws.cell(4, i, text)
    r = 5
    current_section = None
    section_top = 0
    subsection = ""
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        if layout == LAYOUT_002 and row.section != current_section:
            current_section = row.section
            ws.cell(r, 1, row.section_number)
            ws.cell(r, 2, row.section)
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=6)
            r += 1
        if layout == LAYOUT_002 and row.subsection and row.subsection != subsection:
            number, _, title = row.subsection.partition(". ")
            ws.cell(r, 1, int(number) if number.isdigit() else number)
            ws.cell(r, 2, title)
            r += 1
        subsection = row.subsection
        texts = _cells_of(row)
        if layout == LAYOUT_002:
            ws.cell(r, 1, int(row.number) if row.number.isdigit() else row.number)
        for name, col in cols.items():
            if name in row.merged_above:
                ws.merge_cells(start_row=r - 1, start_column=col + 1, end_row=r, end_column=col + 1)
                continue
            cell = ws.cell(r, col + 1, texts[name] or None)
            cell.alignment = wrap
        if layout == LAYOUT_001:
            if row.section != current_section:
                current_section = row.section
                ws.cell(r, 1, row.section)
                section_top = r
            elif r > section_top:
                for merged in list(ws.merged_cells.ranges):
                    if merged.min_col == 1 and merged.min_row == section_top:
                        ws.unmerge_cells(str(merged))
                ws.merge_cells(start_row=section_top, start_column=1, end_row=r, end_column=1)
        r += 1
    wb.save(str(path))
    return path
