"""Which budget lines are land-use fees: naming them counts, naming them after “không kể”, “trừ”… does not."""

from __future__ import annotations

import pytest

from data_loaders.land_use import names_land_use


@pytest.mark.parametrize(
    "label",
    [
        "Thu tiền sử dụng đất",
        "TIỀN SỬ DỤNG ĐẤT",
        "Tiền sử dụng đất (ghi thu ghi chi)",
        "Thu ngoài quốc doanh và tiền sử dụng đất",  # "ngoài quốc doanh" is a sector, not "except"
        "Tiền sử dụng đất (không kể tiền thuê đất)",  # the exclusion comes after the mention
        "Thu nội địa (không kể tiền thuê đất), tiền sử dụng đất",  # outside the bracket that excludes
    ],
)
def test_labels_that_name_land_use_fees(label):
    assert names_land_use(label)


@pytest.mark.parametrize(
    "label",
    [
        "Thu nội địa (không kể tiền sử dụng đất)",
        "Thu nội địa không bao gồm tiền sử dụng đất",
        "Thu cân đối trừ tiền sử dụng đất",
        "Thu ngân sách ngoài tiền sử dụng đất",
        "Thu nội địa (không kể tiền thuê đất, tiền sử dụng đất)",  # an exclusion reaches to its bracket's end
        "Chưa tính tiền sử dụng đất",
        "Tiền thuê đất",
        "Thuế sử dụng đất phi nông nghiệp",
        "",
    ],
)
def test_labels_that_do_not(label):
    assert not names_land_use(label)
