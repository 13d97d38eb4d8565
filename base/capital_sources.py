"""Capital-source families of public investment: the keys stored with each project and used by targets."""

# key -> the family's Vietnamese name
SOURCE_GROUPS: dict[str, str] = {
    "ntw": "Ngân sách trung ương",
    "tinh": "Ngân sách tỉnh (hỗ trợ, phân cấp)",
    "thixa": "Ngân sách thị xã",
    "ctmtqg_ntm": "CTMTQG xây dựng nông thôn mới",
    "ctmtqg_gn": "CTMTQG giảm nghèo bền vững",
    "ctmtqg_dtts": "CTMTQG vùng đồng bào dân tộc thiểu số và miền núi",
    "khac": "Nguồn vốn khác",
}
