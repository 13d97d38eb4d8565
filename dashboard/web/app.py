"""The web server `python -m dashboard serve` runs: Streamlit's app (app.py) behind the security headers."""

from starlette.middleware import Middleware
from streamlit.starlette import App

from dashboard.settings import PROJECT_ROOT
from dashboard.web.security_headers import SecurityHeaders
from dashboard.web.signin_routes import signin_routes

# `streamlit run` finds this st.App and serves it with uvicorn; its middleware sees every request and response,
# the sign-in cookie's routes included.
app = App(PROJECT_ROOT / "app.py", routes=signin_routes(), middleware=[Middleware(SecurityHeaders)])
