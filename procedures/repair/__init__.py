"""Credit repair (信用修复), 衢医保发〔2021〕36号 六: decision within 10 working days
(+ at most 30), a 5-working-day public notice, then the repair takes effect."""
