"""What the chat remembers in its database: anonymous feedback and question counts
(``store``), with personal details scrubbed from free text first (``scrub``)."""
