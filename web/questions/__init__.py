"""Where a question enters: ``gate.ask`` applies the input rules, the client's rate limit and
the bound on questions in flight, answers through ``backend.Service`` (the chatbot, warmed up,
within one concurrency limit) and counts the answer. The chat, the widget, Gradio's ``/ask``
and the JSON API all come in here."""
