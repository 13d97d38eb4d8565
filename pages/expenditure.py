"""Chi ngân sách: spending against the estimate and time progress, months against last year, items, communes."""

from ui.finance import show_budget_page

show_budget_page("expenditure")
