"""Medical-insurance credit objection (异议申诉), 衢医保发〔2021〕36号 四(三): 10 working days to
object, then a 10-working-day re-check."""
