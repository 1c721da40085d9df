"""Synthetic demo data and generators, kept apart from the product modules (production does not install this app).

Every person, address, register row and post made here is synthetic and labelled so in the UI and the docs.
"""
