"""Mechanics shared by the test folders: writing landing files, running dbt, reading a warehouse.

Several folders grew their own copies of these while being written in parallel; they live here
once so a fix (a dbt flag, a CSV quirk) is made in one place. Scenario data and the hand-worked
numbers stay in each folder: only the mechanics are here. Imported as `tests.support.<module>`,
like the folders import each other (pytest runs from the repository root, which is on sys.path).
"""
