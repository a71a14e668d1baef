"""A designated institution's agreement (医保服务协议): the package is being built for issue 18.

This step holds the ladder's rules only (ladder.py, models.py): the handling measures 经办机构
may take under 衢医保发〔2023〕8号 五(三) and what follows them. No workflow yet, so the package is
not in procedures/registry.py.
"""
