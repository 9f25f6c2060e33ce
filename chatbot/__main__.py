"""``python -m chatbot``: see chatbot.cli."""

from chatbot.cli import main

raise SystemExit(main())
