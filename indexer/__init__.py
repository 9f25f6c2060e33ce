"""The indexer: corpus documents -> structural chunks -> vectors -> a versioned index folder."""
