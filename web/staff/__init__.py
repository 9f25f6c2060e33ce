"""The staff area at ``/staff``: access (``auth``), the routes (``routes``), what the chat's
questions and feedback show (``insights``), the index panel and example questions
(``index_panel``), and rebuilding and reloading the index (``rebuilds``)."""
