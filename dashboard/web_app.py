"""The web server `python -m dashboard serve` runs: Streamlit's app (app.py) behind the security headers."""

from starlette.middleware import Middleware
from streamlit.starlette import App

from dashboard.security_headers import SecurityHeaders
from dashboard.settings import PROJECT_ROOT

# `streamlit run` finds this st.App and serves it with uvicorn; its middleware sees every request and response.
app = App(PROJECT_ROOT / "app.py", middleware=[Middleware(SecurityHeaders)])
