"""The indexer: corpus documents -> structural chunks -> vectors -> a versioned index folder."""

import os as _os

# ONNX Runtime sends usage telemetry to Microsoft unless this is set before it is imported
# (seen with strace: a DNS lookup of mobile.events.data.microsoft.com, a device id written
# under ~/.cache/Microsoft). Nothing should leave this machine; every import of it goes
# through this package, so it is set here.
_os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
