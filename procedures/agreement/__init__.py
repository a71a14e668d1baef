"""A designated institution's agreement (医保服务协议): 衢医保发〔2023〕8号 二(三)4, 五(三)–(六) and
附件1 一. The workflow (workflow.py) and the rules beside it: ladder.py (五(三)), term.py (the
term, renewal, the institution's requests), life.py (what the agreement waits for next),
steps.py (what each step must hold), ending.py (how it ends and what the end leaves on the
record), notices.py (what it prints and sends).
"""
