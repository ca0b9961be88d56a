/**
 * Planning before loading: a model's shape from its folder's config.json and safetensors headers (or a named published
 * shape), what each stage and method of an experiment config would need on a device ({@code locus plan}), and random
 * checkpoints of a named shape in Hugging Face layout for measuring.
 */
package dev.locus.plan;
