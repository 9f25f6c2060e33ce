"""The HTTP side of the app: the JSON API and health checks, request-body limits, request
logging, the origin allow-list (CORS, framing), trusted proxies, the corpus files and the
widget script."""
