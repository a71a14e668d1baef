"""Lost-lawsuit accountability (败诉责任追究), 衢政办发〔2023〕5号 第十三条: the report 2 months
after the judgment, feedback within 3 working days of the handling decision."""
