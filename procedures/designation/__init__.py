"""Designation of a medical institution or pharmacy (医保定点), 衢医保发〔2023〕8号: trial run,
quarterly acceptance, evaluation within 20 working days, notice, approval, agreement."""
