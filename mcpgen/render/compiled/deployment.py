# Generated from templates/deployment.yaml.j2 by `python -m mcpgen_dev.compiled_templates`;
# do not edit. Jinja's code for the template, run on mcpgen.render.runtime.
from mcpgen.render.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join, environment
SOURCE_SHA256 = "7f3b02d6dce0a4ce0ddf9384090cebf3e449e72a4971690a5538cf403a8b44d1"

name = 'deployment.yaml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_plan = resolve('plan')
    l_0_d = missing
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
    l_0_d = environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'deployment')
    context.vars['d'] = l_0_d
    context.exported_vars.add('d')
    yield 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: '
    yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'name')))
    yield '\n  namespace: '
    yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'namespace')))
    yield '\n  labels: '
    yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'labels')))
    yield '\nspec:'
    if (not t_2(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'replicas'))):
        pass
        yield '\n  replicas: '
        yield str(t_1(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'replicas')))
    yield '\n  selector:\n    matchLabels: '
    yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'selector')))
    if environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'strategy'):
        pass
        yield '\n  strategy: '
        yield str(t_1(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'strategy')))
    yield '\n  template:\n    metadata:\n      labels: '
    yield str(t_1(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'pod_labels')))
    yield '\n      annotations: '
    yield str(t_1(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'pod_annotations')))
    yield '\n    spec: '
    yield str(t_1(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'pod')))
    yield '\n'

blocks = {}
debug_info = '2=25&6=29&7=31&8=33&10=35&11=38&14=40&15=41&16=44&20=46&21=48&22=50'