"""Reading stored figures for a scope and period: each area's sums, lists, targets, sources and reporting status."""
