"""The web app: the JSON API, health checks, the chat page, the widget and the staff area.

``web.server.create_app(settings, bot)`` builds the one ASGI application; ``app.py`` serves it.
By role: ``questions`` (where every question enters and is answered), ``http`` (the JSON API,
health, middleware), ``chat`` (the Gradio chat page and widget view), ``staff`` (the staff
area), ``records`` (feedback and question counts); ``i18n`` holds the interface texts,
``outline`` the note's structure, ``logs`` the structured logs. Modules import FastAPI and
Gradio themselves, so importing this package stays light.
"""
