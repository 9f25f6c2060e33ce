"""The Gradio chat: the chat page at ``/`` and the compact widget view at ``/embed/``
(``pages``), their layout (``layout``), what each event does (``events``), and answers and the
note rendered as HTML cards (``cards``, ``browse``)."""
