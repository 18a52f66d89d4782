"""The API kit every app's ``api.py`` builds on: the application that answers every error as an
RFC 7807 problem, those problems, the OpenAPI additions, pagination, shared parameters, and the
assertions the API tests share. The composed /api/v1 lives in ``spred.api``."""
