"""Writes <name>.tokenizer_config.json and <name>.expected.txt for each template of templates.py.

The expected text is what Jinja2 renders with the settings transformers' apply_chat_template uses
(ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, raise_exception), for a system and a user
message with add_generation_prompt=True, no strftime_now and enable_thinking=False, as Locus renders them. A template
that refuses the system message is rendered with the system text folded into the user message, as Locus does.
Run: python3 make_expected.py (needs jinja2).
"""
import json
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.exceptions import TemplateError
from templates import T

SYSTEM = ("You are a helpful chatbot that answers questions about athletes. "
          "Please be maximally helpful and factually correct.")
USER = "Question: What sport does Tiger Woods play? Answer:"


def raise_exception(message):
    raise TemplateError(message)


env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.loopcontrols"])
env.globals["raise_exception"] = raise_exception

for name, (bos, eos, template) in T.items():
    config = {"bos_token": bos, "eos_token": eos, "chat_template": template}
    with open(f"{name}.tokenizer_config.json", "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2, ensure_ascii=False)
    compiled = env.from_string(template)
    variables = {k: v for k, v in (("bos_token", bos), ("eos_token", eos)) if v is not None}
    try:
        text = compiled.render(messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": USER}],
                               add_generation_prompt=True, enable_thinking=False, **variables)
    except TemplateError:
        text = compiled.render(messages=[{"role": "user", "content": SYSTEM + "\n\n" + USER}],
                               add_generation_prompt=True, enable_thinking=False, **variables)
        name_file = f"{name}.folded"
        open(name_file, "w").close()
    with open(f"{name}.expected.txt", "w", encoding="utf-8", newline="") as f:
        f.write(text)
    print(name, repr(text))
