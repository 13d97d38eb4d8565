"""Real-browser tests (Debian Chromium driven by Playwright)."""
