"""The Flask web app: login, firm admin, company space, document pages (French UI).

The factory is :func:`guichet.web.app.create_app`; this package imports nothing
heavy so that ``guichet`` commands stay fast.
"""
