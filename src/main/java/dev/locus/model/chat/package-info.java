/**
 * A model's chat template ({@code chat_template} of {@code tokenizer_config.json}) rendered without Python: a strict
 * reader of the Jinja subset that real chat templates use. {@link dev.locus.model.chat.ChatTemplate} is the entry;
 * the lexer ({@code TemplateLexer}), parser ({@code TemplateParser}, {@code ExpressionParser}) and evaluator
 * ({@code TemplateEvaluator}, {@code Builtins}) behind it evaluate nothing but the template's own expressions, and
 * refuse any tag, filter, test or function outside the subset with a one-line error naming where it is.
 */
package dev.locus.model.chat;
