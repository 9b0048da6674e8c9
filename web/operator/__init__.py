"""The firm's operator space (vidéo-codage): coding queue, coding screen, review queue.

Mounted under ``/operateur``; only firm staff (admin or operator) may enter.
"""
