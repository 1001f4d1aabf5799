"""Demo catalogue: ~60 procedures of a province after the 2025 two-tier reform, with internal
steps B1…Bn, required documents and two publication decisions. Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cchc.procedures.models import (
    CopyType,
    Procedure,
    ProcedureStatus,
    PublicationDecision,
    TimeUnit,
)
from cchc.procedures.services import (
    DocumentSpec,
    PublicationChange,
    StepSpec,
    field_get_or_create,
    procedure_create,
    publication_decision_record,
)

FIELDS = {
    "hotich": "Hộ tịch",
    "chungthuc": "Chứng thực",
    "datdai": "Đất đai",
    "dkkd": "Thành lập và hoạt động của doanh nghiệp",
    "xaydung": "Hoạt động xây dựng",
    "btxh": "Bảo trợ xã hội",
    "laodong": "Việc làm",
    "giaoduc": "Giáo dục và Đào tạo",
    "yte": "Khám bệnh, chữa bệnh",
    "lltp": "Lý lịch tư pháp",
    "tuphap": "Công chứng",
    "moitruong": "Môi trường",
    "congthuong": "Lưu thông hàng hóa trong nước",
    "nguoicocong": "Người có công",
    "thiduakt": "Thi đua, khen thưởng",
}

DEPARTMENTS = {
    "STP": "Sở Tư pháp",
    "SXD": "Sở Xây dựng",
    "SNNMT": "Sở Nông nghiệp và Môi trường",
    "STC": "Sở Tài chính",
    "SYT": "Sở Y tế",
    "SGDDT": "Sở Giáo dục và Đào tạo",
    "SNV": "Sở Nội vụ",
    "SCT": "Sở Công Thương",
}

D, H, S = TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS, TimeUnit.SAME_DAY
C = "commune"
# (code, name, field, agency code or "commune", time, unit, fees, online, documents)
PROCEDURES = [
    (
        "1.001193",
        "Đăng ký khai sinh",
        "hotich",
        C,
        0,
        S,
        "Miễn lệ phí",
        "full",
        ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"],
    ),
    (
        "1.000894",
        "Đăng ký kết hôn",
        "hotich",
        C,
        0,
        S,
        "Miễn lệ phí",
        "partial",
        ["Tờ khai đăng ký kết hôn", "Giấy xác nhận tình trạng hôn nhân"],
    ),
    (
        "1.000656",
        "Đăng ký khai tử",
        "hotich",
        C,
        0,
        S,
        "Miễn lệ phí",
        "full",
        ["Tờ khai đăng ký khai tử", "Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử"],
    ),
    (
        "1.001022",
        "Đăng ký nhận cha, mẹ, con",
        "hotich",
        C,
        3,
        D,
        "Miễn lệ phí",
        "partial",
        ["Tờ khai đăng ký nhận cha, mẹ, con", "Văn bản xác nhận quan hệ cha, mẹ, con"],
    ),
    (
        "1.004859",
        "Đăng ký lại khai sinh",
        "hotich",
        C,
        5,
        D,
        "5.000 đồng/trường hợp",
        "partial",
        ["Tờ khai đăng ký lại khai sinh", "Bản sao giấy tờ chứng minh nội dung khai sinh"],
    ),
    (
        "1.004873",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        "hotich",
        C,
        3,
        D,
        "Miễn lệ phí",
        "full",
        ["Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"],
    ),
    (
        "1.000689",
        "Cấp bản sao trích lục hộ tịch",
        "hotich",
        C,
        0,
        S,
        "8.000 đồng/bản sao trích lục",
        "full",
        ["Tờ khai cấp bản sao trích lục hộ tịch"],
    ),
    (
        "1.004746",
        "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
        "hotich",
        C,
        3,
        D,
        "15.000 đồng/trường hợp",
        "partial",
        [
            "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
            "Giấy tờ làm căn cứ thay đổi, cải chính",
        ],
    ),
    (
        "2.000815",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "chungthuc",
        C,
        0,
        S,
        "2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang",
        "partial",
        ["Bản chính giấy tờ, văn bản cần chứng thực", "Bản sao cần chứng thực"],
    ),
    (
        "2.000884",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "chungthuc",
        C,
        0,
        S,
        "10.000 đồng/trường hợp",
        "none",
        ["Giấy tờ tùy thân còn giá trị sử dụng", "Giấy tờ, văn bản cần chứng thực chữ ký"],
    ),
    (
        "2.000913",
        "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
        "chungthuc",
        C,
        2,
        D,
        "50.000 đồng/hợp đồng, giao dịch",
        "none",
        ["Dự thảo hợp đồng, giao dịch", "Giấy tờ tùy thân của người yêu cầu chứng thực"],
    ),
    (
        "2.001035",
        "Chứng thực văn bản thỏa thuận phân chia di sản",
        "chungthuc",
        C,
        2,
        D,
        "50.000 đồng/văn bản",
        "none",
        [
            "Dự thảo văn bản thỏa thuận phân chia di sản",
            "Giấy chứng tử hoặc giấy tờ chứng minh người để lại di sản đã chết",
        ],
    ),
    (
        "1.004227",
        "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        "datdai",
        "SNNMT",
        10,
        D,
        "Theo Nghị quyết của HĐND tỉnh",
        "partial",
        [
            "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất",
            "Bản gốc Giấy chứng nhận đã cấp",
        ],
    ),
    (
        "1.012773",
        "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
        "datdai",
        "SNNMT",
        20,
        D,
        "Theo Nghị quyết của HĐND tỉnh",
        "partial",
        ["Đơn đăng ký đất đai, tài sản gắn liền với đất", "Giấy tờ về quyền sử dụng đất"],
    ),
    (
        "1.012790",
        "Cấp đổi Giấy chứng nhận quyền sử dụng đất",
        "datdai",
        "SNNMT",
        7,
        D,
        "Theo Nghị quyết của HĐND tỉnh",
        "partial",
        ["Đơn đăng ký biến động đất đai", "Bản gốc Giấy chứng nhận đã cấp"],
    ),
    (
        "1.012805",
        "Đính chính Giấy chứng nhận đã cấp",
        "datdai",
        "SNNMT",
        10,
        D,
        "Không",
        "partial",
        ["Đơn đề nghị đính chính", "Bản gốc Giấy chứng nhận đã cấp"],
    ),
    (
        "1.012833",
        "Giải quyết tranh chấp đất đai thuộc thẩm quyền của Chủ tịch UBND cấp xã",
        "datdai",
        C,
        30,
        D,
        "Không",
        "none",
        ["Đơn đề nghị giải quyết tranh chấp đất đai"],
    ),
    (
        "2.000000",
        "Đăng ký thành lập doanh nghiệp tư nhân",
        "dkkd",
        "STC",
        3,
        D,
        "50.000 đồng/lần",
        "full",
        [
            "Giấy đề nghị đăng ký doanh nghiệp",
            "Bản sao giấy tờ pháp lý của chủ doanh nghiệp tư nhân",
        ],
    ),
    (
        "2.002011",
        "Đăng ký thành lập công ty trách nhiệm hữu hạn hai thành viên trở lên",
        "dkkd",
        "STC",
        3,
        D,
        "50.000 đồng/lần",
        "full",
        ["Giấy đề nghị đăng ký doanh nghiệp", "Điều lệ công ty", "Danh sách thành viên"],
    ),
    (
        "2.002012",
        "Đăng ký thành lập công ty cổ phần",
        "dkkd",
        "STC",
        3,
        D,
        "50.000 đồng/lần",
        "full",
        ["Giấy đề nghị đăng ký doanh nghiệp", "Điều lệ công ty", "Danh sách cổ đông sáng lập"],
    ),
    (
        "2.002033",
        "Đăng ký thay đổi người đại diện theo pháp luật của công ty",
        "dkkd",
        "STC",
        3,
        D,
        "50.000 đồng/lần",
        "full",
        ["Thông báo thay đổi nội dung đăng ký doanh nghiệp"],
    ),
    (
        "2.002050",
        "Thông báo tạm ngừng kinh doanh",
        "dkkd",
        "STC",
        3,
        D,
        "Không",
        "full",
        ["Thông báo tạm ngừng kinh doanh"],
    ),
    (
        "2.000720",
        "Đăng ký hộ kinh doanh",
        "dkkd",
        C,
        3,
        D,
        "100.000 đồng/lần",
        "full",
        ["Giấy đề nghị đăng ký hộ kinh doanh", "Bản sao giấy tờ pháp lý của chủ hộ kinh doanh"],
    ),
    (
        "1.009972",
        "Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II",
        "xaydung",
        "SXD",
        20,
        D,
        "150.000 đồng/giấy phép",
        "partial",
        [
            "Đơn đề nghị cấp giấy phép xây dựng",
            "Bản sao giấy tờ về quyền sử dụng đất",
            "Bản vẽ thiết kế xây dựng",
        ],
    ),
    (
        "1.009974",
        "Điều chỉnh giấy phép xây dựng đối với công trình cấp đặc biệt, cấp I, cấp II",
        "xaydung",
        "SXD",
        20,
        D,
        "150.000 đồng/giấy phép",
        "partial",
        ["Đơn đề nghị điều chỉnh giấy phép xây dựng", "Bản chính giấy phép xây dựng đã cấp"],
    ),
    (
        "1.009994",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "xaydung",
        C,
        15,
        D,
        "75.000 đồng/giấy phép",
        "partial",
        [
            "Đơn đề nghị cấp giấy phép xây dựng",
            "Bản sao giấy tờ về quyền sử dụng đất",
            "Bản vẽ thiết kế xây dựng",
        ],
    ),
    (
        "1.009995",
        "Gia hạn giấy phép xây dựng",
        "xaydung",
        C,
        5,
        D,
        "15.000 đồng/giấy phép",
        "partial",
        ["Đơn đề nghị gia hạn giấy phép xây dựng", "Bản chính giấy phép xây dựng"],
    ),
    (
        "1.010006",
        "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III",
        "xaydung",
        "SXD",
        10,
        D,
        "150.000 đồng/chứng chỉ",
        "full",
        ["Đơn đề nghị cấp chứng chỉ hành nghề", "Văn bằng do cơ sở đào tạo hợp pháp cấp"],
    ),
    (
        "1.001776",
        "Trợ giúp xã hội khẩn cấp về hỗ trợ chi phí mai táng",
        "btxh",
        C,
        2,
        D,
        "Không",
        "partial",
        ["Tờ khai đề nghị hỗ trợ chi phí mai táng", "Giấy báo tử"],
    ),
    (
        "1.001758",
        "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng",
        "btxh",
        C,
        10,
        D,
        "Không",
        "full",
        ["Tờ khai đề nghị trợ giúp xã hội"],
    ),
    (
        "1.001739",
        "Tiếp nhận đối tượng bảo trợ xã hội có hoàn cảnh đặc biệt khó khăn vào cơ sở "
        "trợ giúp xã hội cấp tỉnh",
        "btxh",
        "SYT",
        15,
        D,
        "Không",
        "none",
        ["Đơn đề nghị tiếp nhận", "Sơ yếu lý lịch của đối tượng"],
    ),
    (
        "1.001653",
        "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
        "btxh",
        C,
        30,
        D,
        "Không",
        "partial",
        ["Đơn đề nghị xác định mức độ khuyết tật"],
    ),
    (
        "1.000459",
        "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
        "laodong",
        "SNV",
        10,
        D,
        "400.000 đồng/giấy phép",
        "full",
        [
            "Văn bản đề nghị cấp giấy phép lao động",
            "Giấy chứng nhận sức khỏe",
            "Phiếu lý lịch tư pháp",
        ],
    ),
    (
        "1.000105",
        "Gia hạn giấy phép lao động cho người lao động nước ngoài",
        "laodong",
        "SNV",
        5,
        D,
        "400.000 đồng/giấy phép",
        "full",
        ["Văn bản đề nghị gia hạn giấy phép lao động", "Giấy phép lao động còn thời hạn"],
    ),
    (
        "1.001978",
        "Giải quyết hưởng trợ cấp thất nghiệp",
        "laodong",
        "SNV",
        20,
        D,
        "Không",
        "full",
        ["Đề nghị hưởng trợ cấp thất nghiệp", "Quyết định thôi việc"],
    ),
    (
        "1.005099",
        "Cấp giấy phép hoạt động dịch vụ việc làm của doanh nghiệp",
        "laodong",
        "SNV",
        7,
        D,
        "Theo quy định của Bộ Tài chính",
        "partial",
        ["Văn bản đề nghị cấp giấy phép", "Giấy chứng nhận ký quỹ"],
    ),
    (
        "1.005092",
        "Phúc khảo bài thi trung học phổ thông",
        "giaoduc",
        "SGDDT",
        5,
        D,
        "Không",
        "full",
        ["Đơn đề nghị phúc khảo"],
    ),
    (
        "1.005088",
        "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
        "giaoduc",
        "SGDDT",
        0,
        S,
        "Không",
        "full",
        ["Đơn đề nghị cấp bản sao văn bằng, chứng chỉ"],
    ),
    (
        "1.004438",
        "Chỉnh sửa nội dung văn bằng, chứng chỉ",
        "giaoduc",
        "SGDDT",
        5,
        D,
        "Không",
        "partial",
        ["Đơn đề nghị chỉnh sửa văn bằng", "Văn bằng, chứng chỉ đề nghị chỉnh sửa"],
    ),
    (
        "1.008950",
        "Cho phép trường mầm non tư thục hoạt động giáo dục",
        "giaoduc",
        C,
        20,
        D,
        "Không",
        "none",
        ["Tờ trình đề nghị cho phép hoạt động giáo dục"],
    ),
    (
        "1.003959",
        "Cấp giấy phép hành nghề khám bệnh, chữa bệnh",
        "yte",
        "SYT",
        30,
        D,
        "140.000 đồng/hồ sơ",
        "partial",
        [
            "Đơn đề nghị cấp giấy phép hành nghề",
            "Văn bằng chuyên môn",
            "Giấy chứng nhận đủ sức khỏe",
        ],
    ),
    (
        "1.003982",
        "Cấp lại giấy phép hành nghề khám bệnh, chữa bệnh bị mất",
        "yte",
        "SYT",
        10,
        D,
        "140.000 đồng/hồ sơ",
        "full",
        ["Đơn đề nghị cấp lại giấy phép hành nghề"],
    ),
    (
        "1.004569",
        "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        "yte",
        "SYT",
        20,
        D,
        "Theo quy định của Bộ Tài chính",
        "partial",
        ["Đơn đề nghị cấp giấy chứng nhận", "Bản thuyết minh về cơ sở vật chất"],
    ),
    (
        "2.000488",
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư "
        "trú tại Việt Nam",
        "lltp",
        "STP",
        10,
        D,
        "200.000 đồng/lần/người",
        "full",
        ["Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "Bản chụp giấy tờ tùy thân"],
    ),
    (
        "2.000505",
        "Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước, tổ chức chính trị",
        "lltp",
        "STP",
        10,
        D,
        "Không",
        "partial",
        ["Văn bản yêu cầu cấp Phiếu lý lịch tư pháp"],
    ),
    (
        "2.001263",
        "Đăng ký hoạt động văn phòng công chứng",
        "tuphap",
        "STP",
        10,
        D,
        "1.000.000 đồng/hồ sơ",
        "partial",
        ["Đơn đề nghị đăng ký hoạt động", "Quyết định cho phép thành lập văn phòng công chứng"],
    ),
    (
        "1.001071",
        "Bổ nhiệm công chứng viên",
        "tuphap",
        "STP",
        20,
        D,
        "500.000 đồng/hồ sơ",
        "partial",
        ["Đơn đề nghị bổ nhiệm công chứng viên", "Giấy chứng nhận kết quả kiểm tra"],
    ),
    (
        "1.010734",
        "Cấp giấy phép môi trường",
        "moitruong",
        "SNNMT",
        30,
        D,
        "Theo Nghị quyết của HĐND tỉnh",
        "partial",
        ["Văn bản đề nghị cấp giấy phép môi trường", "Báo cáo đề xuất cấp giấy phép môi trường"],
    ),
    (
        "1.010735",
        "Đăng ký môi trường",
        "moitruong",
        C,
        15,
        D,
        "Không",
        "full",
        ["Văn bản đăng ký môi trường"],
    ),
    (
        "2.000633",
        "Cấp Giấy phép bán lẻ sản phẩm thuốc lá",
        "congthuong",
        "SCT",
        15,
        D,
        "1.100.000 đồng/điểm kinh doanh",
        "partial",
        ["Đơn đề nghị cấp Giấy phép bán lẻ sản phẩm thuốc lá", "Bản sao hợp đồng thuê địa điểm"],
    ),
    (
        "2.000620",
        "Cấp Giấy phép bán lẻ rượu",
        "congthuong",
        C,
        10,
        D,
        "200.000 đồng/điểm kinh doanh",
        "partial",
        ["Đơn đề nghị cấp Giấy phép bán lẻ rượu"],
    ),
    (
        "1.001203",
        "Cấp Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ xăng dầu",
        "congthuong",
        "SCT",
        15,
        D,
        "1.200.000 đồng/cửa hàng",
        "partial",
        ["Đơn đề nghị cấp Giấy chứng nhận", "Tài liệu chứng minh cơ sở vật chất kỹ thuật"],
    ),
    (
        "1.002252",
        "Giải quyết chế độ trợ cấp một lần đối với người được cử làm chuyên gia sang "
        "giúp Lào, Campuchia",
        "nguoicocong",
        "SNV",
        25,
        D,
        "Không",
        "none",
        ["Bản khai cá nhân", "Giấy tờ chứng minh thời gian làm chuyên gia"],
    ),
    (
        "1.010801",
        "Hỗ trợ người có công đi làm phương tiện, dụng cụ trợ giúp chỉnh hình",
        "nguoicocong",
        C,
        5,
        D,
        "Không",
        "partial",
        ["Đơn đề nghị"],
    ),
    (
        "1.000748",
        "Tặng Giấy khen của Chủ tịch UBND cấp xã về thành tích thực hiện nhiệm vụ chính trị",
        "thiduakt",
        C,
        20,
        D,
        "Không",
        "none",
        ["Tờ trình đề nghị khen thưởng", "Báo cáo thành tích"],
    ),
    (
        "2.000346",
        "Tặng Bằng khen của Chủ tịch UBND tỉnh theo chuyên đề",
        "thiduakt",
        "SNV",
        20,
        D,
        "Không",
        "none",
        ["Tờ trình đề nghị khen thưởng", "Báo cáo thành tích"],
    ),
    (
        "1.011608",
        "Đăng ký thường trú kết hợp đăng ký khai sinh trực tuyến liên thông",
        "hotich",
        C,
        8,
        H,
        "Miễn lệ phí",
        "full",
        ["Tờ khai liên thông"],
    ),
    (
        "1.003583",
        "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh",
        "dkkd",
        C,
        4,
        H,
        "Không",
        "full",
        ["Giấy đề nghị cấp lại"],
    ),
    (
        "1.008003",
        "Xác nhận hợp đồng tiếp cận nguồn gen",
        "moitruong",
        "SNNMT",
        15,
        D,
        "Không",
        "none",
        ["Đơn đề nghị xác nhận", "Bản sao hợp đồng tiếp cận nguồn gen"],
    ),
    (
        "1.004946",
        "Cấp giấy phép khai thác nước mặt quy mô nhỏ",
        "moitruong",
        "SNNMT",
        25,
        D,
        "600.000 đồng/hồ sơ",
        "partial",
        ["Đơn đề nghị cấp giấy phép", "Sơ đồ vị trí công trình"],
    ),
]

ROLE_TEXT = {
    "one_stop": "Bộ phận Một cửa",
    "processing": "Chuyên viên phòng chuyên môn",
    "leader": "Lãnh đạo cơ quan",
}


def steps_for(amount: Decimal, unit: str) -> list[StepSpec]:
    """B1 receipt, B2 appraisal, B3 signature, B4 return (not counted): together ≤ the time."""

    def step(name, allowance, u, role):
        return StepSpec(name, Decimal(str(allowance)), u, role, ROLE_TEXT[role])

    recv, check, sign = (
        "Tiếp nhận, kiểm tra hồ sơ, chuyển xử lý",
        "Thẩm định, xử lý hồ sơ, trình ký",
        "Xem xét, ký duyệt kết quả",
    )
    back = step("Trả kết quả cho tổ chức, cá nhân", 0, D, "one_stop")
    if unit == S or (unit == D and amount <= 1):
        return [
            step(recv, 1, H, "one_stop"),
            step(check, 4, H, "processing"),
            step(sign, 2, H, "leader"),
            back,
        ]
    if unit == H:
        a = Decimal(amount)
        first = Decimal("0.5") if a <= 4 else Decimal(1)
        return [
            step(recv, first, H, "one_stop"),
            step(check, a - 2 * first, H, "processing"),
            step(sign, first, H, "leader"),
            back,
        ]
    if amount == 2:
        return [
            step(recv, "0.5", D, "one_stop"),
            step(check, 1, D, "processing"),
            step(sign, "0.5", D, "leader"),
            back,
        ]
    return [
        step(recv, "0.5", D, "one_stop"),
        step(check, amount - Decimal("1.5"), D, "processing"),
        step(sign, 1, D, "leader"),
        back,
    ]


def _department(ctx, code: str):
    from cchc.core.text import fold
    from cchc.organizations.models import Agency, AgencyKind

    agencies = ctx.get("agencies") or {}
    if code in agencies:
        return agencies[code]
    name = DEPARTMENTS[code]
    for a in Agency.objects.search(name).filter(kind=AgencyKind.DEPARTMENT)[:10]:
        if fold(a.name) == fold(name):
            return a
    return None


def load(ctx) -> None:
    out = ctx.get("stdout")
    decision_1 = "1235/QĐ-UBND"
    created: list[Procedure] = []
    for code, name, fkey, agency_code, amount, unit, fees, online, docs in PROCEDURES:
        if Procedure.objects.filter(code=code).exists():
            continue
        field = field_get_or_create(name=FIELDS[fkey], code=fkey)
        amount = Decimal(amount)
        extra: dict = {}
        if agency_code == C:
            levels = ["commune"]
            extra["resolving_agency_kind"] = "commune"
            extra["resolving_agency_text"] = "Ủy ban nhân dân cấp xã"
        else:
            levels = ["province"]
            agency = _department(ctx, agency_code)
            extra["resolving_agency"] = agency
            extra["resolving_agency_text"] = DEPARTMENTS[agency_code]
            if agency is None:
                extra["resolving_agency_kind"] = "department"
        time_text = {
            S: "Trong ngày làm việc",
            H: f"{int(amount):02d} giờ làm việc",
            D: f"{int(amount):02d} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
        }[unit]
        from cchc.procedures.timeparse import parse_fee

        fee = parse_fee(fees)
        created.append(
            procedure_create(
                actor=None,
                code=code,
                name=name,
                field=field,
                levels=levels,
                time_amount=None if unit == S else amount,
                time_unit=unit,
                time_text=time_text,
                fees_text=fees,
                fee_amount=fee.amount,
                online_level=online,
                result=f"Kết quả giải quyết thủ tục «{name}»",
                is_inter_agency=code in ("1.011608", "1.004227"),
                documents=[
                    DocumentSpec(
                        d,
                        CopyType.ORIGINAL if i == 0 else CopyType.ORIGINAL_OR_CERTIFIED,
                        1,
                    )
                    for i, d in enumerate(docs)
                ],
                steps=steps_for(amount, unit),
                status=ProcedureStatus.DRAFT,
                **extra,
            )
        )
    if created and not PublicationDecision.objects.filter(number=decision_1).exists():
        publication_decision_record(
            actor=None,
            number=decision_1,
            date=dt.date(2025, 7, 1),
            signer="Chủ tịch UBND tỉnh",
            title="Công bố danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của các sở, "
            "ngành và UBND cấp xã sau sắp xếp đơn vị hành chính",
            items=[PublicationChange(p, "new", dt.date(2025, 7, 1)) for p in created],
        )
        amended = Procedure.objects.get(code="1.004227", is_current=True)
        abolished = Procedure.objects.get(code="1.002252", is_current=True)
        publication_decision_record(
            actor=None,
            number="2318/QĐ-UBND",
            date=dt.date(2025, 10, 15),
            signer="Chủ tịch UBND tỉnh",
            title="Công bố thủ tục hành chính sửa đổi, bổ sung và bãi bỏ lĩnh vực đất đai, "
            "người có công",
            items=[
                PublicationChange(
                    amended,
                    "amended",
                    dt.date(2025, 11, 1),
                    {
                        "time_amount": Decimal(8),
                        "time_text": "08 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
                        "steps": steps_for(Decimal(8), D),
                    },
                ),
                PublicationChange(abolished, "abolished", dt.date(2025, 11, 1)),
            ],
        )
    if out is not None:
        out.write(
            f"  thủ tục: {Procedure.objects.filter(is_current=True).count()} (mới {len(created)})"
        )
