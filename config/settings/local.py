"""A developer's machine and `make run`: embedded SQLite under var/, console e-mail."""

from config.env import env_bool

from .base import *

DEBUG = env_bool("DEBUG", False)
