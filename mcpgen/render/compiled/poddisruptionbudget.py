# Generated from templates/poddisruptionbudget.yaml.j2 by `python -m mcpgen_dev.compiled_templates`;
# do not edit. Jinja's code for the template, run on mcpgen.render.runtime.
from mcpgen.render.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join, environment
SOURCE_SHA256 = "908f233ad0dffe911586c21bd3752f0facb9a6a29ff0fddec8084dce1fa9715c"

name = 'poddisruptionbudget.yaml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_plan = resolve('plan')
    try:
        t_1 = environment.filters['y']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'y' found.")
    try:
        t_2 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    if (not t_2(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'pdb'))):
        pass
        yield 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'name')))
        yield '\n  namespace: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'namespace')))
        yield '\n  labels: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'labels')))
        yield '\nspec:'
        for (l_1_key, l_1_value) in context.call(environment.getattr(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'pdb'), 'items')):
            _loop_vars = {}
            pass
            yield '\n  '
            yield str(l_1_key)
            yield ': '
            yield str(t_1(l_1_value))
        l_1_key = l_1_value = missing
        yield '\n  selector:\n    matchLabels: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'selector')))
    yield '\n'

blocks = {}
debug_info = '2=24&6=27&7=29&8=31&10=33&11=37&14=42'