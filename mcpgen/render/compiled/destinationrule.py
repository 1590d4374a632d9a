# Generated from templates/destinationrule.yaml.j2 by `python -m mcpgen_dev.compiled_templates`;
# do not edit. Jinja's code for the template, run on mcpgen.render.runtime.
from mcpgen.render.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join, environment
SOURCE_SHA256 = "26076d4443806298616be2b986af4b755a8fa3a8a1423dd209eb2b09e771a15c"

name = 'destinationrule.yaml.j2'

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
    if (not t_2(environment.getattr(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'proxy'), 'destinationrule'))):
        pass
        yield 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'name')))
        yield '\n  namespace: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'namespace')))
        yield '\n  labels: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'labels')))
        yield '\nspec: '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'proxy'), 'destinationrule')))
    yield '\n'

blocks = {}
debug_info = '2=24&6=27&7=29&8=31&9=33'