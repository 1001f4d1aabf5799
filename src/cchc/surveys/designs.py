"""The SIPAS design shipped as the default survey (Decision 1001/QĐ-BNV, 2023–2026): five
elements, each asked as perception, satisfaction and expectation on a five-level scale. The
wording is ours, shortened from the ministry's questionnaire; a province edits it as data."""

from __future__ import annotations

SCALE = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"]

SIPAS_ELEMENTS: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "access",
        "Tiếp cận dịch vụ",
        [
            (
                "perception",
                "Nơi ngồi chờ, trang thiết bị phục vụ tại Bộ phận Một cửa đầy đủ, tiện nghi",
            ),
            ("satisfaction", "Ông/Bà hài lòng với việc tiếp cận dịch vụ"),
            ("expectation", "Ông/Bà mong muốn cải thiện việc tiếp cận dịch vụ"),
        ],
    ),
    (
        "procedure",
        "Thủ tục hành chính",
        [
            ("perception", "Thủ tục được niêm yết công khai, đầy đủ, chính xác"),
            ("satisfaction", "Ông/Bà hài lòng với thủ tục hành chính"),
            ("expectation", "Ông/Bà mong muốn đơn giản hóa thủ tục hành chính"),
        ],
    ),
    (
        "staff",
        "Công chức trực tiếp giải quyết công việc",
        [
            ("perception", "Công chức lịch sự, hướng dẫn tận tình, đầy đủ một lần"),
            ("satisfaction", "Ông/Bà hài lòng với công chức giải quyết công việc"),
            ("expectation", "Ông/Bà mong muốn nâng cao thái độ, năng lực của công chức"),
        ],
    ),
    (
        "result",
        "Kết quả giải quyết thủ tục hành chính",
        [
            ("perception", "Kết quả đúng quy định, có thông tin đầy đủ, chính xác, đúng hẹn"),
            ("satisfaction", "Ông/Bà hài lòng với kết quả giải quyết"),
            ("expectation", "Ông/Bà mong muốn rút ngắn thời gian trả kết quả"),
        ],
    ),
    (
        "feedback",
        "Tiếp nhận, xử lý ý kiến góp ý, phản ánh, kiến nghị",
        [
            ("perception", "Cơ quan bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị"),
            ("satisfaction", "Ông/Bà hài lòng với việc tiếp nhận, xử lý góp ý, phản ánh"),
            ("expectation", "Ông/Bà mong muốn góp ý, phản ánh được xử lý kịp thời hơn"),
        ],
    ),
]
