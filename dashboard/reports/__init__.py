"""The leaders' report: its content, PDF and workbook, schedules, delivery by e-mail or webhook, and alerts."""
