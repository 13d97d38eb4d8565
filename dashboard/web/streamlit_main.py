"""Starts Streamlit for `python -m dashboard serve`, telling it the app uses st.navigation, not pages/ v1.

Streamlit guesses the old multipage mode from the mere presence of a `pages/` folder next to the entry script
and keeps that guess for the first browser session after a start, which then sees a "Page not found" dialog
when it opens a bookmarked URL such as /thu-ngan-sach. Our pages live in `pages/` but are routed by
st.navigation, so the guess is set before Streamlit makes it.
"""

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web.cli import main

if __name__ == "__main__":
    PagesManager.uses_pages_directory = False
    sys.exit(main())
