from django.utils import translation


def test_english_catalogues_are_compiled():
    with translation.override("en"):
        assert translation.gettext("Danh mục thủ tục hành chính") == "Procedure catalogue"
        assert translation.gettext("Ngày nghỉ và ngày làm việc bù") == (
            "Days off and swapped working days"
        )
