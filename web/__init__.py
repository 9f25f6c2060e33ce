"""The web app: the JSON API, health checks, the chat page and the embeddable widget.

``web.server.create_app(settings, bot)`` builds the one ASGI application; ``app.py`` serves it.
Modules import FastAPI and Gradio themselves, so importing this package stays light.
"""
