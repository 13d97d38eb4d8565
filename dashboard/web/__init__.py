"""The web server: Streamlit's app behind security headers, and the sign-in cookie's routes."""
