"""Typed TRs: wire request/response Structs and their conversion into domain results."""
