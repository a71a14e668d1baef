"""Market-regulation credit objection (异议复核), 衢市监规〔2021〕3号/2号 四(三)1: review within
15 working days of receipt."""
