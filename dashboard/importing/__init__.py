"""Turning a read file into stored batches: plan (what it stores, replaces and warns about), preview, then commit."""
