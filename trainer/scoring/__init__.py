"""Scoring: text normalisation, rubric detectors, guards, delivery metrics, step scores."""
